// Opening the service's app from the Instagram, Facebook, Messenger and TikTok in-app browsers,
// through app.inject() on every database, with the real in-app User-Agents of the fixture: Android
// gets the intent URL, iOS the page that tries the app URI, anything else the plain 302 — and the
// click is recorded the same way in every branch. What the iOS page does in a browser: test/e2e/app-open.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { fanOs } from '../../src/links/routing.js';
import { IN_APP_USER_AGENTS } from '../../src/tracking/enrich/fixtures/in-app-user-agents.js';
import { describeUserAgent } from '../../src/tracking/enrich/user-agent.js';
import { clickIdFor } from '../../src/tracking/view-token.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const WEB = 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy';
const APP_URI = 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy';
const INTENT = `intent://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy#Intent;scheme=https;package=com.spotify.music;S.browser_fallback_url=${encodeURIComponent(WEB)};end`;
const APPS = ['instagram', 'facebook', 'messenger', 'tiktok'] as const;
const US = '216.160.83.56';
const FR = '92.184.105.98';

describe.each(DIALECTS)('opening the app from in-app browsers on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let smartlink: Smartlink;

  const click = (ua: string, path = `/${smartlink.slug}/spotify`, headers: Record<string, string> = {}) =>
    t.app.inject({ url: path, headers: { 'user-agent': ua, 'x-forwarded-for': US, ...headers } });
  const clicksOf = async (ua: string) => (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.user_agent === ua.slice(0, 512));

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
    smartlink = await createSmartlink(t.ctx.database.db, {
      clientId,
      slug: 'app-open',
      artistName: 'Nova Lune',
      trackTitle: 'Midnight Drive',
      status: 'live',
      services: [
        { service: 'spotify', url: WEB, appUris: { ios: APP_URI } },
        { service: 'deezer', url: 'https://www.deezer.com/album/302127' },
        { service: 'my-shop', url: 'https://shop.example/album', label: 'Shop' },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('covers both systems for every in-app browser it handles', () => {
    for (const app of APPS) {
      const systems = new Set(IN_APP_USER_AGENTS[app].map((ua) => fanOs(describeUserAgent(ua).os)));
      expect([app, systems.has('ios') && systems.has('android')]).toEqual([app, true]);
    }
  });

  it.each(APPS.flatMap((app) => IN_APP_USER_AGENTS[app].map((ua, i) => ({ app, i, ua }))))('$app #$i: the app where it can, and one click recorded', async ({ app, ua }) => {
    const os = fanOs(describeUserAgent(ua).os);
    const res = await click(ua);
    if (os === 'android') {
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe(INTENT);
    } else if (os === 'ios') {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`"app":"${APP_URI}"`);
      expect(res.body).toContain(`"web":"${WEB}"`);
    } else {
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe(WEB);
    }
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await clicksOf(ua)).toMatchObject([{ service: 'spotify', in_app: app, country: 'US', excluded_reason: null }]);
  });

  it('sends iOS in-app taps on a service without an app URI, and Android taps on a service without an app, to the web', async () => {
    const ios = IN_APP_USER_AGENTS.instagram[0]!;
    const android = IN_APP_USER_AGENTS.instagram[2]!;
    const deezerIos = await click(ios, `/${smartlink.slug}/deezer`);
    expect([deezerIos.statusCode, deezerIos.headers.location]).toEqual([302, 'https://www.deezer.com/album/302127']);
    const deezerAndroid = await click(android, `/${smartlink.slug}/deezer`);
    expect(deezerAndroid.headers.location).toBe(`intent://www.deezer.com/album/302127#Intent;scheme=https;package=deezer.android.app;S.browser_fallback_url=${encodeURIComponent('https://www.deezer.com/album/302127')};end`);
    const shop = await click(android, `/${smartlink.slug}/my-shop`);
    expect([shop.statusCode, shop.headers.location]).toEqual([302, 'https://shop.example/album']);
  });

  it.each([
    { name: 'Safari on an iPhone', ua: PHONE_UA },
    { name: 'Snapchat’s in-app browser', ua: IN_APP_USER_AGENTS.snapchat[4]! },
    { name: 'X’s in-app browser', ua: IN_APP_USER_AGENTS.x[0]! },
  ])('leaves $name with the plain redirect (universal links / App Links as the OS allows)', async ({ ua }) => {
    const res = await click(ua);
    expect([res.statusCode, res.headers.location]).toEqual([302, WEB]);
  });

  it('credits a page tap answered with an intent URL to its view, with the click id the page computed', async () => {
    const ua = `${IN_APP_USER_AGENTS.tiktok[2]!} page-tap`;
    const page = await t.app.inject({ url: `/${smartlink.slug}?utm_source=tiktok&utm_campaign=launch`, headers: { 'user-agent': ua, 'x-forwarded-for': US } });
    const token = JSON.parse(/id="dt-view">([^<]+)</.exec(page.body)![1]!).v as string;
    const viewId = token.split('.')[0]!;
    const res = await click(ua, `/${smartlink.slug}/spotify?v=${encodeURIComponent(token)}&n=0`);
    expect(res.headers.location).toBe(INTENT);
    const [tap] = await clicksOf(ua);
    expect(tap).toMatchObject({ event_id: clickIdFor(viewId, 'spotify', 0), in_app: 'tiktok', utm_source: 'tiktok', utm_campaign: 'launch', conversion_path: '["view","spotify"]' });
  });

  it('serves the iOS page under a nonce CSP that loads nothing from anywhere, with a no-JavaScript fallback to the web', async () => {
    const res = await click(IN_APP_USER_AGENTS.facebook[0]!, `/${smartlink.slug}/spotify`, { 'accept-language': 'fr-FR' });
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toMatch(/script-src 'nonce-[^']+'; style-src/); // no host allowed for scripts
    expect(csp).toContain("connect-src 'self';");
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain(`<noscript><meta http-equiv="refresh" content="0;url=${WEB}"></noscript>`);
    expect(res.body).toContain(`<a href="${APP_URI}">Ouvrir dans l’application</a>`);
    expect(res.body).toContain(`<a href="${WEB}" rel="nofollow">Continuer dans le navigateur</a>`);
    expect(res.body).toContain(`<a href="/${smartlink.slug}?choose">Autre que Spotify ? Voir tous les services</a>`); // the way back to every service
  });

  it('uses the storefront link, not the app URI (the default storefront), for an iOS fan whose country has its own link', async () => {
    const apple = await createSmartlink(t.ctx.database.db, {
      clientId: smartlink.clientId,
      slug: 'app-open-storefront',
      artistName: 'A',
      trackTitle: 'T',
      status: 'live',
      services: [{ service: 'apple-music', url: 'https://music.apple.com/us/album/1', countries: { FR: 'https://music.apple.com/fr/album/1' }, appUris: { ios: 'music://music.apple.com/us/album/1' } }],
    });
    const ios = IN_APP_USER_AGENTS.instagram[0]!;
    const fromFrance = await click(ios, `/${apple.slug}/apple-music`, { 'x-forwarded-for': FR });
    expect([fromFrance.statusCode, fromFrance.headers.location]).toEqual([302, 'https://music.apple.com/fr/album/1']);
    const fromUs = await click(ios, `/${apple.slug}/apple-music`);
    expect(fromUs.statusCode).toBe(200);
    expect(fromUs.body).toContain('"app":"music://music.apple.com/us/album/1"');
  });

  it('refuses on save an app URI that is not the service app’s, naming the service and the scheme, and any Android URI', async () => {
    const key = (await createApiKey(t.ctx.database.db, { clientId: smartlink.clientId, name: 'app-uris' })).key;
    const save = (service: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/smartlinks', headers: { authorization: `Bearer ${key}` }, payload: { slug: 'app-uri-save', artistName: 'A', trackTitle: 'T', services: [service] } });
    for (const [service, message] of [
      [{ service: 'spotify', url: WEB, appUris: { ios: 'https://open.spotify.com/album/1' } }, 'service "spotify": appUris.ios must be an app URI of the spotify app (spotify:…), not "https:"'],
      [{ service: 'apple-music', url: 'https://music.apple.com/us/album/1', appUris: { ios: 'itms-services://?action=download-manifest&url=https://evil.example/m.plist' } }, 'not "itms-services:"'],
      [{ service: 'deezer', url: 'https://www.deezer.com/album/1', appUris: { ios: 'tel:+33100000000' } }, 'service "deezer": appUris.ios must be an app URI of the deezer app (deezer:…), not "tel:"'],
      [{ service: 'amazon-music', url: 'https://music.amazon.com/albums/B1', appUris: { ios: 'music://album/1' } }, 'service "amazon-music": service "amazon-music" has no app URI Duotrack opens (remove appUris)'],
      [{ service: 'spotify', url: WEB, appUris: { android: APP_URI } }, 'appUris'],
    ] as const) {
      const res = await save(service);
      expect([res.statusCode, res.json().message]).toEqual([400, expect.stringContaining(message)]);
    }
    const ok = await save({ service: 'spotify', url: WEB, appUris: { ios: APP_URI } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().services[0].appUris).toEqual({ ios: APP_URI });
  });

  it('never hands an unsafe app URI to the page, even one stored without the checks a save makes', async () => {
    const bad = await createSmartlink(t.ctx.database.db, { clientId: smartlink.clientId, slug: 'app-open-bad', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: WEB }] });
    for (const ios of ['javascript:alert(document.cookie)', 'https://evil.example/', 'itms-services://?action=download-manifest&url=https://evil.example/m.plist', 'tel:+33100000000', 'music://music.apple.com/us/album/1']) {
      const services = JSON.stringify([{ service: 'spotify', url: WEB, appUris: { ios } }]);
      await t.ctx.database.db.updateTable('smartlinks').set({ services }).where('id', '=', bad.id).execute();
      t.ctx.lookup.invalidate();
      const res = await click(IN_APP_USER_AGENTS.instagram[0]!, `/${bad.slug}/spotify`);
      expect([ios, res.statusCode, res.headers.location]).toEqual([ios, 302, WEB]);
    }
  });
});

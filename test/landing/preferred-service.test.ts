// The fan's preferred service, through app.inject() on every database: remembered only when the fan
// ticks the box (the page script's `r=1` on its own tap), used to skip the page on any of the
// client's smartlinks when the client turns that on (one view and one click stored, the click
// credited to the view), never for bots or prefetches, and forgotten from the privacy page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { preferredCookieName } from '../../src/landing/preferred-service.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { IN_APP_USER_AGENTS } from '../../src/tracking/enrich/fixtures/in-app-user-agents.js';
import { clickIdFor } from '../../src/tracking/view-token.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const US = '216.160.83.56';
const FR = '92.184.105.98';
const SPOTIFY = 'https://open.spotify.com/album/1';
const SERVICES = [
  { service: 'spotify', url: SPOTIFY, hiddenIn: ['FR'] },
  { service: 'deezer', url: 'https://www.deezer.com/album/1' },
];

describe.each(DIALECTS)('preferred service on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let skipping: Client;
  let plain: Client;
  let first: Smartlink;
  let second: Smartlink;
  let plainLink: Smartlink;
  let fanNo = 0;

  /** A fan of their own (a distinct UA), so that each test reads only its events. */
  const newFan = (base = PHONE_UA) => `${base} fan-${++fanNo}`;
  const get = (url: string, ua: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { 'user-agent': ua, 'x-forwarded-for': US, ...headers } });
  const eventsOf = async (ua: string) => (await storedEvents(t.ctx)).filter((e) => e.user_agent === ua);
  const tokenOf = (body: string) => JSON.parse(/id="dt-view">([^<]+)</.exec(body)![1]!).v as string;
  const cookieFor = (client: Client, service: string) => `${preferredCookieName(client.id)}=${service}`;
  /** What a browser sends on the page script's navigation: same-origin, the page as Referer (inject's host is localhost). */
  const FROM_PAGE = (smartlink: Smartlink, scheme = 'http') => ({ 'sec-fetch-site': 'same-origin', referer: `${scheme}://localhost/${smartlink.slug}` });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const db = t.ctx.database.db;
    skipping = await createClient(db, { name: 'Skips' });
    plain = await createClient(db, { name: 'Shows the page' });
    // The client turns skipping on itself, through the API (a client key may change this setting).
    const key = (await createApiKey(db, { clientId: skipping.id, name: 'client' })).key;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${skipping.id}`, headers: { authorization: `Bearer ${key}` }, payload: { settings: { skipToPreferredService: true } } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().settings.skipToPreferredService).toBe(true);
    first = await createSmartlink(db, { clientId: skipping.id, slug: 'pref-first', artistName: 'A', trackTitle: 'One', status: 'live', services: SERVICES });
    second = await createSmartlink(db, { clientId: skipping.id, slug: 'pref-second', artistName: 'A', trackTitle: 'Two', status: 'live', services: SERVICES });
    plainLink = await createSmartlink(db, { clientId: plain.id, slug: 'pref-plain', artistName: 'B', trackTitle: 'Three', status: 'live', services: SERVICES });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('shows the “Remember my choice” box unchecked, hidden until the page script shows it, in the fan’s language', async () => {
    const page = await get(`/${first.slug}`, newFan(), { 'accept-language': 'fr' });
    expect(page.body).toContain('<p class="remember" hidden><label><input type="checkbox" id="dt-remember"> Retenir mon choix sur cet appareil</label></p>');
  });

  it('sets the first-party cookie only on the page’s own tap with the box ticked', async () => {
    const ua = newFan();
    const token = tokenOf((await get(`/${first.slug}`, ua)).body);
    const unticked = await get(`/${first.slug}/spotify?v=${encodeURIComponent(token)}&n=0`, ua, FROM_PAGE(first));
    expect(unticked.headers['set-cookie']).toBeUndefined();
    const shared = await get(`/${first.slug}/spotify?r=1`, ua, FROM_PAGE(first)); // a link copied with the flag, without the page's token
    expect(shared.headers['set-cookie']).toBeUndefined();
    const ticked = await get(`/${first.slug}/spotify?v=${encodeURIComponent(token)}&n=1&r=1`, ua, FROM_PAGE(first));
    expect(ticked.statusCode).toBe(302);
    expect(ticked.headers.location).toBe(SPOTIFY);
    expect(ticked.headers['set-cookie']).toBe(`${preferredCookieName(skipping.id)}=spotify; Max-Age=15552000; Path=/; SameSite=Lax; HttpOnly`);
    const overHttps = await get(`/${first.slug}/deezer?v=${encodeURIComponent(token)}&n=0&r=1`, ua, { 'x-forwarded-proto': 'https', ...FROM_PAGE(first, 'https') });
    expect(overHttps.headers['set-cookie']).toBe(`${preferredCookieName(skipping.id)}=deezer; Max-Age=15552000; Path=/; SameSite=Lax; HttpOnly; Secure`);
    expect((await eventsOf(ua)).filter((e) => e.type === 'click')).toHaveLength(4); // every tap counted, remembered or not
  });

  it.each([
    { name: 'opened from another site (Sec-Fetch-Site: cross-site)', headers: { 'sec-fetch-site': 'cross-site', referer: 'https://forum.example/thread' } },
    { name: 'opened from a sibling site (Sec-Fetch-Site: same-site)', headers: { 'sec-fetch-site': 'same-site' } },
    { name: 'typed or opened from an app (Sec-Fetch-Site: none)', headers: { 'sec-fetch-site': 'none' } },
    { name: 'with a foreign Referer (a browser without Sec-Fetch-*)', headers: { referer: 'https://forum.example/thread' } },
    { name: 'with neither header', headers: {} },
    { name: 'reached same-origin but from another page (a redirect through another smartlink)', headers: { 'sec-fetch-site': 'same-origin', referer: 'http://localhost/' } },
    { name: 'with the page as Referer but a cross-site fetch', headers: { 'sec-fetch-site': 'cross-site', referer: 'http://localhost/pref-first' } },
  ])('sets no cookie from a harvested page tap (valid token, tap number, r=1) $name, yet counts the click', async ({ headers }) => {
    const harvester = newFan();
    const token = tokenOf((await get(`/${first.slug}`, harvester)).body);
    const fan = newFan();
    const res = await get(`/${first.slug}/spotify?v=${encodeURIComponent(token)}&n=0&r=1`, fan, headers as Record<string, string>);
    expect([res.statusCode, res.headers.location]).toEqual([302, SPOTIFY]);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await eventsOf(fan)).map((e) => e.type)).toEqual(['click']);
  });

  it.each([
    { name: 'Sec-Fetch-Site same-origin and the page as Referer (a browser today)', headers: { 'sec-fetch-site': 'same-origin', referer: 'http://localhost/pref-first?utm_source=ig' } },
    { name: 'the page as Referer only (a browser without Sec-Fetch-*)', headers: { referer: 'http://localhost/pref-first' } },
    { name: 'Sec-Fetch-Site same-origin with the Referer withheld', headers: { 'sec-fetch-site': 'same-origin' } },
  ])('sets the cookie on the page’s real tap: $name', async ({ headers }) => {
    const ua = newFan();
    const token = tokenOf((await get(`/${first.slug}`, ua)).body);
    const res = await get(`/${first.slug}/spotify?v=${encodeURIComponent(token)}&n=0&r=1`, ua, headers as Record<string, string>);
    expect(res.headers['set-cookie']).toMatch(new RegExp(`^${preferredCookieName(skipping.id)}=spotify; `));
  });

  it('skips the page of any of the client’s smartlinks: one view and one click stored, the click credited to the view', async () => {
    const ua = newFan();
    const res = await get(`/${second.slug}?utm_source=ig&utm_campaign=drop`, ua, { cookie: `other=1; ${cookieFor(skipping, 'spotify')}`, referer: 'https://l.instagram.com/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(SPOTIFY);
    expect(res.headers['cache-control']).toBe('no-store');
    const events = await eventsOf(ua);
    expect(events.map((e) => e.type).sort()).toEqual(['click', 'view']);
    const view = events.find((e) => e.type === 'view')!;
    const click = events.find((e) => e.type === 'click')!;
    expect(view).toMatchObject({ smartlink_id: second.id, excluded_reason: null });
    expect(click).toMatchObject({
      event_id: clickIdFor(view.event_id, 'spotify', 0),
      smartlink_id: second.id,
      service: 'spotify',
      session_id: view.session_id,
      utm_source: 'ig',
      utm_campaign: 'drop',
      referrer_host: 'l.instagram.com',
      conversion_path: '["view","spotify"]',
    });
  });

  it('skips with the app-opening answer from an in-app browser', async () => {
    const ua = newFan(IN_APP_USER_AGENTS.instagram[2]!);
    const res = await get(`/${first.slug}`, ua, { cookie: cookieFor(skipping, 'deezer') });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^intent:\/\/www\.deezer\.com\/album\/1#Intent;scheme=https;package=deezer\.android\.app;/);
    expect((await eventsOf(ua)).map((e) => e.type).sort()).toEqual(['click', 'view']);
  });

  it.each([
    { name: 'the client has not turned skipping on', slug: () => plainLink.slug, cookie: () => cookieFor(plain, 'spotify'), headers: {} },
    { name: 'the cookie is another client’s', slug: () => first.slug, cookie: () => cookieFor(plain, 'spotify'), headers: {} },
    { name: 'the service is not on the page for the fan’s country', slug: () => first.slug, cookie: () => cookieFor(skipping, 'spotify'), headers: { 'x-forwarded-for': FR } },
    { name: 'the service is not on the smartlink', slug: () => first.slug, cookie: () => cookieFor(skipping, 'tidal'), headers: {} },
    { name: 'a prefetch', slug: () => first.slug, cookie: () => cookieFor(skipping, 'spotify'), headers: { 'sec-purpose': 'prefetch' } },
  ])('shows the page when $name, and counts only the view', async ({ slug, cookie, headers }) => {
    const ua = newFan();
    const res = await get(`/${slug()}`, ua, { cookie: cookie(), ...(headers as Record<string, string>) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-service="deezer"');
    expect((await eventsOf(ua)).map((e) => e.type)).toEqual(['view']);
  });

  it.each([
    { name: 'a crawler', ua: 'curl/8.5.0' },
    { name: 'a link-preview fetcher', ua: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' },
  ])('never skips for $name', async ({ ua }) => {
    const before = (await eventsOf(ua)).length;
    const res = await get(`/${first.slug}`, ua, { cookie: cookieFor(skipping, 'spotify') });
    expect(res.statusCode).toBe(200);
    expect((await eventsOf(ua)).slice(before).map((e) => [e.type, e.excluded_reason !== null])).toEqual([['view', true]]);
  });

  it.each(['?choose', '?choose=1', '?utm_source=ig&choose'])('shows the page with %s to a fan whose service would skip it, with that service and a button that forgets it', async (query) => {
    const ua = newFan();
    const res = await get(`/${second.slug}${query}`, ua, { cookie: cookieFor(skipping, 'spotify') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-service="spotify"');
    expect(res.body).toContain(`<form class="remember" method="post" action="/privacy/${second.slug}/forget-service">Spotify is remembered on this device. <button type="submit">Forget it</button></form>`);
    expect(res.headers['content-security-policy']).toContain("form-action 'self'"); // the button may post
    expect((await eventsOf(ua)).map((e) => e.type)).toEqual(['view']);
  });

  it('offers to forget only while a service is remembered (CSP form-action none otherwise), in the fan’s language', async () => {
    const none = await get(`/${second.slug}?choose`, newFan());
    expect(none.body).not.toContain('forget-service');
    expect(none.headers['content-security-policy']).toContain("form-action 'none'");
    const fr = await get(`/${plainLink.slug}`, newFan(), { cookie: cookieFor(plain, 'deezer'), 'accept-language': 'fr' });
    expect(fr.body).toContain(`action="/privacy/${plainLink.slug}/forget-service">Deezer est retenu sur cet appareil. <button type="submit">L’oublier</button></form>`);
  });

  it('forgets from the page’s own button: the same-origin post clears the cookie, and the page then skips no more', async () => {
    const ua = newFan();
    const cookie = cookieFor(skipping, 'spotify');
    const page = await get(`/${second.slug}?choose`, ua, { cookie });
    const action = /<form class="remember" method="post" action="([^"]+)"/.exec(page.body)![1]!;
    const forget = await t.app.inject({ method: 'POST', url: action, headers: { 'user-agent': ua, cookie, origin: 'http://localhost:80', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(forget.statusCode).toBe(200);
    expect(forget.headers['set-cookie']).toBe(`${preferredCookieName(skipping.id)}=; Max-Age=0; Path=/; SameSite=Lax; HttpOnly`);
    expect(forget.body).toContain(`href="/${second.slug}?choose"`); // back to the release, its page shown
  });

  it('explains on the privacy page how to see every service again (?choose) and the Forget buttons', async () => {
    const privacy = await get(`/privacy/${first.slug}`, newFan());
    expect(privacy.body).toContain('To see every service again, add ?choose to the release’s link');
    expect(privacy.body).toContain('the release page then shows the service remembered with a Forget button');
  });

  it('says on the privacy page what is remembered, and forgets it on the fan’s request', async () => {
    const ua = newFan();
    const cookie = cookieFor(skipping, 'spotify');
    const privacy = await get(`/privacy/${first.slug}`, ua, { cookie });
    expect(privacy.body).toContain('Remembered on this device: Spotify.');
    expect(privacy.body).toContain(`<form method="post" action="/privacy/${first.slug}/forget-service"><button type="submit">Forget my preferred service</button></form>`);
    expect(privacy.body).toContain('a cookie on this device (dt_pref_…, for 180 days) keeps the name of that service, and nothing else');

    const forged = await t.app.inject({ method: 'POST', url: `/privacy/${first.slug}/forget-service`, headers: { 'user-agent': ua, cookie, origin: 'https://evil.example' } });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['set-cookie']).toBeUndefined();

    const forget = await t.app.inject({
      method: 'POST',
      url: `/privacy/${first.slug}/forget-service`,
      headers: { 'user-agent': ua, cookie, origin: 'http://localhost:80', 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(forget.statusCode).toBe(200);
    expect(forget.headers['set-cookie']).toBe(`${preferredCookieName(skipping.id)}=; Max-Age=0; Path=/; SameSite=Lax; HttpOnly`);
    expect(forget.body).toContain('Done: your preferred service is forgotten on this device.');
    expect(forget.body).toContain('No service is remembered on this device.');
    // Without the cookie, the page is shown again.
    expect((await get(`/${first.slug}`, ua)).statusCode).toBe(200);
  });
});

// Engine 2 on the server side, through app.inject() on every database: which tags a page carries,
// its CSP, the consent decision, the signed view token, click ids, and the confirmation beacon
// (including forged and replayed ones). What the browser does is in test/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { InvalidTag } from '../../src/tenants/tags.js';
import { BEACONS_PER_MINUTE } from '../../src/tracking/beacon.js';
import { clickIdFor, clickMask } from '../../src/tracking/view-token.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const TAGS = { gtm: 'GTM-ABC1234', ga4: 'G-ABCDE12345', facebook: '123456789012345', tiktok: 'CABCDEFGHIJ1234567890' };
const EEA_IP = '92.184.105.98'; // FR
const US_IP = '216.160.83.56';
const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };

function pageConfig(body: string, id: 'dt-page' | 'dt-view') {
  const json = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(body)?.[1];
  return JSON.parse(json!) as Record<string, any>;
}

describe.each(DIALECTS)('Engine 2 server side on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  let tagged: Smartlink;
  let other: Smartlink;

  const get = (url: string, ip = US_IP, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { 'user-agent': PHONE_UA, 'x-forwarded-for': ip, ...headers } });
  const beacon = (body: unknown, ip = US_IP) =>
    t.app.inject({ method: 'POST', url: '/e', payload: body as object, headers: { 'user-agent': PHONE_UA, 'x-forwarded-for': ip } });
  const event = async (id: string) => (await storedEvents(t.ctx)).find((e) => e.event_id === id);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const db = t.ctx.database.db;
    client = await createClient(db, { name: 'Tagged', tracking: TAGS });
    const services = [
      { service: 'spotify', url: 'https://open.spotify.com/track/x' },
      { service: 'deezer', url: 'https://www.deezer.com/track/1' },
    ];
    tagged = await createSmartlink(db, { clientId: client.id, slug: 'tagged', artistName: 'A', trackTitle: 'T', services, status: 'live' });
    other = await createSmartlink(db, { clientId: client.id, slug: 'other', artistName: 'B', trackTitle: 'U', services, status: 'live' });
    await createSmartlink(db, { clientId: client.id, slug: 'no-tags', artistName: 'C', trackTitle: 'V', services, status: 'live', tracking: { disabled: true } });
    await createSmartlink(db, { clientId: client.id, slug: 'no-meta', artistName: 'D', trackTitle: 'W', services, status: 'live', tracking: { facebook: null, gtm: 'GTM-OVERRIDE1' } });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it.each([
    { name: 'a GTM id with script in it', tracking: { gtm: 'GTM-1\'</script><script>alert(1)</script>' } },
    { name: 'a GA4 id without its prefix', tracking: { ga4: 'UA-12345-1' } },
    { name: 'a Meta pixel id with letters', tracking: { facebook: '12345abc' } },
    { name: 'a TikTok code in lower case', tracking: { tiktok: 'cabcdefghij123' } },
  ])('refuses $name when saved', async ({ tracking }) => {
    await expect(createClient(t.ctx.database.db, { name: 'x', tracking })).rejects.toBeInstanceOf(InvalidTag);
  });

  it('puts the configured tags in the page config and their hosts, only, in the CSP', async () => {
    const res = await get('/tagged');
    expect(pageConfig(res.body, 'dt-page').tags).toEqual({ gtm: TAGS.gtm, ga4: TAGS.ga4, facebook: TAGS.facebook, tiktok: TAGS.tiktok });
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain(`script-src 'nonce-${nonce}' https://www.googletagmanager.com https://connect.facebook.net https://analytics.tiktok.com;`);
    expect(csp).toContain('frame-src https://www.googletagmanager.com');
    // images: the page's own and the tags' hosts, never any https host (a way to send data before consent)
    expect(csp).toContain("img-src 'self' data: https://*.google-analytics.com https://*.googletagmanager.com https://www.facebook.com https://analytics.tiktok.com;");
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain('<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-ABC1234"');
    expect(res.body).toContain('id="dt-consent"');
  });

  it('applies a smartlink override: all tags off, or one tag off and another replaced', async () => {
    const none = await get('/no-tags');
    expect(pageConfig(none.body, 'dt-page').tags).toEqual({ gtm: null, ga4: null, facebook: null, tiktok: null });
    expect(none.headers['content-security-policy']).not.toMatch(/googletagmanager|facebook|tiktok/);
    expect(none.headers['content-security-policy']).toContain("img-src 'self' data:;");
    expect(none.body).not.toContain('id="dt-consent"'); // no tag, nothing to consent to
    // The page without its inline service logos (a whole page stays under 30 KB: landing.test.ts).
    expect(Buffer.byteLength(none.body.replace(/<svg class="ic"[^]*?<\/svg>/g, ''))).toBeLessThanOrEqual(15 * 1024);
    const noMeta = await get('/no-meta');
    expect(pageConfig(noMeta.body, 'dt-page').tags).toMatchObject({ gtm: 'GTM-OVERRIDE1', facebook: null, tiktok: TAGS.tiktok });
    expect(noMeta.headers['content-security-policy']).not.toContain('facebook');
  });

  it('asks for consent in the EEA, not in the US, and reads a stored choice', async () => {
    const eea = await get('/tagged', EEA_IP);
    expect(pageConfig(eea.body, 'dt-view').consent).toEqual({ required: true, choice: null });
    expect(eea.body).not.toContain('googletagmanager.com/ns.html'); // no JavaScript, no banner: no no-JS tag either
    const us = await get('/tagged', US_IP);
    expect(pageConfig(us.body, 'dt-view').consent).toEqual({ required: false, choice: null });
    expect(us.body).toContain('googletagmanager.com/ns.html');
    const back = await get('/tagged', EEA_IP, { cookie: 'other=1; dt_consent=granted' });
    expect(pageConfig(back.body, 'dt-view').consent).toEqual({ required: true, choice: 'granted' });
    expect(back.body).toContain('googletagmanager.com/ns.html');
    const refused = await get('/tagged', EEA_IP, { cookie: 'dt_consent=denied' });
    expect(refused.body).not.toContain('googletagmanager.com/ns.html');
  });

  it('gives the page its server event id, session, and click ids derived from the view', async () => {
    const res = await get('/tagged', US_IP, { 'user-agent': `${PHONE_UA} ids` });
    const view = pageConfig(res.body, 'dt-view');
    const stored = await event(view.event_id);
    expect(stored).toMatchObject({ type: 'view', session_id: view.session_id });
    const clicks = { spotify: clickIdFor(view.event_id, 'spotify'), deezer: clickIdFor(view.event_id, 'deezer') };
    expect(clicks.spotify).not.toBe(clicks.deezer);
    expect(clicks.spotify).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clicks.spotify.slice(0, 24)).toBe(view.event_id.slice(0, 24)); // the view's time, version and variant
    expect(pageConfig(res.body, 'dt-page').click_masks).toEqual({ spotify: clickMask('spotify'), deezer: clickMask('deezer') });

    const click = await get(`/tagged/spotify?v=${encodeURIComponent(view.v)}&n=0`, US_IP, { 'user-agent': `${PHONE_UA} ids` });
    expect(click.statusCode).toBe(302);
    expect(await event(clicks.spotify)).toMatchObject({ type: 'click', service: 'spotify', conversion_path: '["view","spotify"]' });
    // a forged or foreign token gives an ordinary click with its own id
    const forged = await get(`/other/spotify?v=${encodeURIComponent(view.v)}&n=0`, US_IP, { 'user-agent': `${PHONE_UA} forged-click` });
    expect(forged.statusCode).toBe(302);
    const ordinary = (await storedEvents(t.ctx)).find((e) => e.user_agent.endsWith('forged-click'))!;
    expect(ordinary.event_id).not.toBe(clickIdFor(view.event_id, 'spotify'));
    expect(ordinary.conversion_path).toBe('["spotify"]');
  });

  it('stores a view beacon as a client event and on the view’s client block', async () => {
    const view = pageConfig((await get('/tagged', EEA_IP)).body, 'dt-view');
    const res = await beacon({ v: view.v, s: 'tagged', kind: 'view', tags: { ...ALL_LOADED, tiktok: 'blocked' }, consent: 'pending' }, EEA_IP);
    expect(res.statusCode).toBe(204);
    const stored = await event(view.event_id);
    expect(stored!.client_confirmed_at).toBeGreaterThan(0);
    expect(JSON.parse(stored!.client_tags!)).toEqual({ gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'blocked' });
    expect(stored!.client_consent).toBe('pending');
    const row = (await storedEvents(t.ctx)).find((e) => e.confirms === view.event_id)!;
    expect(row).toMatchObject({ type: 'client', smartlink_id: tagged.id, client_consent: 'pending', ip_truncated: '92.184.105.0' });
  });

  it('confirms a click whose beacon arrives before the click itself', async () => {
    const view = pageConfig((await get('/tagged')).body, 'dt-view');
    expect((await beacon({ v: view.v, s: 'tagged', kind: 'click', service: 'deezer', tags: ALL_LOADED, consent: 'not_required' })).statusCode).toBe(204);
    const deezer = clickIdFor(view.event_id, 'deezer');
    expect(await event(deezer)).toBeUndefined();
    await get(`/tagged/deezer?v=${encodeURIComponent(view.v)}&n=0`);
    const click = await event(deezer);
    expect(click).toMatchObject({ type: 'click', client_consent: 'not_required' });
    expect(click!.client_confirmed_at).toBeGreaterThan(0);
  });

  it('confirms every click when clicks and their beacons arrive together (concurrent commits)', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const view = pageConfig((await get('/tagged', US_IP, { 'user-agent': `${PHONE_UA} pair-${i}` })).body, 'dt-view');
        await Promise.all([
          beacon({ v: view.v, s: 'tagged', kind: 'click', service: 'deezer', tap: 0, tags: ALL_LOADED, consent: 'not_required' }),
          get(`/tagged/deezer?v=${encodeURIComponent(view.v)}&n=0`, US_IP, { 'user-agent': `${PHONE_UA} pair-${i}` }),
        ]);
        return clickIdFor(view.event_id, 'deezer', 0);
      }),
    );
    const clicks = await Promise.all(pairs.map((id) => event(id)));
    expect(clicks.filter((c) => c?.client_confirmed_at)).toHaveLength(40);
  });

  it('ignores forged and replayed beacons', async () => {
    const view = pageConfig((await get('/tagged')).body, 'dt-view');
    const good = { v: view.v, s: 'tagged', kind: 'view', tags: ALL_LOADED, consent: 'not_required' };
    const before = (await storedEvents(t.ctx)).length;
    const unknownId = `0190f0b1-aaaa-7bbb-8ccc-dddddddddddd.${view.v.split('.')[1]}`;
    expect((await beacon({ ...good, v: unknownId })).statusCode).toBe(403);
    expect((await beacon({ ...good, s: 'other' })).statusCode).toBe(403); // another smartlink's token
    expect((await beacon({ ...good, v: view.v.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')) })).statusCode).toBe(403);
    expect((await beacon({ ...good, s: 'no-such-link' })).statusCode).toBe(404);
    expect((await beacon({ ...good, kind: 'click', service: 'napster' })).statusCode).toBe(400);
    expect((await beacon({ ...good, tags: { gtm: 'hacked' } })).statusCode).toBe(400);
    expect((await storedEvents(t.ctx)).length).toBe(before);

    expect((await beacon({ ...good, ip: '1.2.3.4', userAgent: 'Forged/1.0', user_agent: 'Forged/1.0' })).statusCode).toBe(204);
    const first = await event(view.event_id);
    expect((await beacon({ ...good, tags: { gtm: 'blocked', ga4: 'blocked', meta: 'blocked', tiktok: 'blocked' }, consent: 'denied' })).statusCode).toBe(204);
    const after = await storedEvents(t.ctx);
    expect(after.filter((e) => e.confirms === view.event_id)).toHaveLength(1); // the replay stored nothing
    expect(await event(view.event_id)).toEqual(first); // and changed nothing
    const row = after.find((e) => e.confirms === view.event_id)!;
    expect(row.user_agent).toBe(PHONE_UA); // from the request, never from the body
    expect(row.ip_truncated).toBe('216.160.83.0');
  });

  it.each([
    { name: 'prerendered', purpose: 'prefetch;prerender' },
    { name: 'prefetched', purpose: 'prefetch' },
  ])('counts a $name view once its page script reports it shown', async ({ purpose }) => {
    const res = await get('/tagged', US_IP, { 'sec-purpose': purpose, 'user-agent': `${PHONE_UA} ${purpose}` });
    const view = pageConfig(res.body, 'dt-view');
    expect(await event(view.event_id)).toMatchObject({ excluded_reason: 'prefetch', is_unique: 0 });
    await beacon({ v: view.v, s: 'tagged', kind: 'view', tags: ALL_LOADED, consent: 'not_required' });
    expect(await event(view.event_id)).toMatchObject({ excluded_reason: null, is_unique: 1 });
  });

  it('stores every tap as its own click, with the id the page computed for that tap', async () => {
    const view = pageConfig((await get('/tagged', US_IP, { 'user-agent': `${PHONE_UA} taps` })).body, 'dt-view');
    const v = encodeURIComponent(view.v);
    for (const n of [0, 1, 1]) await get(`/tagged/spotify?v=${v}&n=${n}`, US_IP, { 'user-agent': `${PHONE_UA} taps` });
    const clicks = (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.user_agent.endsWith(' taps'));
    // tap 0 and tap 1; the repeated request for tap 1 is the same click
    expect(clicks.map((c) => c.event_id).sort()).toEqual([clickIdFor(view.event_id, 'spotify', 0), clickIdFor(view.event_id, 'spotify', 1)].sort());
    expect((await beacon({ v: view.v, s: 'tagged', kind: 'click', service: 'spotify', tap: 1, tags: ALL_LOADED, consent: 'not_required' })).statusCode).toBe(204);
    expect((await event(clickIdFor(view.event_id, 'spotify', 1)))!.client_confirmed_at).toBeGreaterThan(0);
    expect((await event(clickIdFor(view.event_id, 'spotify', 0)))!.client_confirmed_at).toBeNull();
  });

  it('never lets a shared link, a preview bot, a HEAD or a bad tap number take a fan’s click id', async () => {
    const view = pageConfig((await get('/tagged', US_IP, { 'user-agent': `${PHONE_UA} shared` })).body, 'dt-view');
    const v = encodeURIComponent(view.v);
    await get(`/tagged/spotify?v=${v}&n=0`, US_IP, { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php) shared' });
    await t.app.inject({ method: 'HEAD', url: `/tagged/spotify?v=${v}&n=0`, headers: { 'user-agent': `${PHONE_UA} shared`, 'x-forwarded-for': US_IP } });
    await get(`/tagged/spotify?v=${v}`, US_IP, { 'user-agent': `${PHONE_UA} shared` }); // a copied link: token, no tap
    await get(`/tagged/spotify?v=${v}&n=9999`, US_IP, { 'user-agent': `${PHONE_UA} shared` });
    await get(`/tagged/spotify?v=${v}&n=0`, US_IP, { 'user-agent': `${PHONE_UA} shared` }); // the fan's own tap, last
    const clicks = (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.user_agent.endsWith(' shared'));
    expect(clicks).toHaveLength(5);
    expect(clicks.filter((c) => c.event_id === clickIdFor(view.event_id, 'spotify', 0)).map((c) => c.excluded_reason)).toEqual([null]);
    // a copied link (a token, no tap, no Referer from the page) and a bad tap number are direct clicks
    expect(clicks.map((c) => c.conversion_path).sort()).toEqual(['["spotify"]', '["spotify"]', '["view","spotify"]', '["view","spotify"]', '["view","spotify"]']);
  });

  it('rate-limits beacons per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BEACONS_PER_MINUTE + 5; i++) statuses.push((await beacon({ v: 'x', s: 'tagged', kind: 'view', tags: ALL_LOADED, consent: 'pending' }, '203.0.113.250')).statusCode);
    expect(statuses.slice(BEACONS_PER_MINUTE)).toEqual([429, 429, 429, 429, 429]);
    expect(statuses.slice(0, BEACONS_PER_MINUTE).every((s) => s === 403)).toBe(true);
  });
});

// Server-side forwarding end to end, on every database: real page views, clicks and beacons
// through app.inject(), the delivery queue draining to local fakes of GA4, Meta and TikTok that
// check each documented field and count events the way the platforms do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createDeliveryQueue } from '../../src/delivery/queue.js';
import { createOutbound } from '../../src/delivery/outbound.js';
import { forwardingDestinations } from '../../src/forwarding/destinations.js';
import { META_GRAPH_VERSION } from '../../src/forwarding/meta.js';
import { externalId } from '../../src/forwarding/capture.js';
import { createIpMemory } from '../../src/forwarding/ip-memory.js';
import { updateForwarding } from '../../src/forwarding/settings.js';
import { BROWSER_ENGINE } from '../../src/landing/browser-engine.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';
import { startFakePlatforms, type FakePlatforms, type Received } from './fake-platforms.js';

const US_IP = '216.160.83.56'; // outside the demo's consent regions (Tacoma, Washington: no Limited Data Use)
const CA_IP = '13.56.0.1'; // San Jose, California
const IPV6 = '2a01:cb00:1234:5678:9abc:def0:1234:5678';
const TOKENS = { ga4: 'ga4-api-secret-0001', meta: 'EAAG-meta-token-0001', tiktok: 'tiktok-token-0001' };
const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };
const ALL_BLOCKED = { gtm: 'blocked', ga4: 'blocked', meta: 'blocked', tiktok: 'blocked' };

function pageJson(body: string, id: 'dt-page' | 'dt-view') {
  const json = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(body)?.[1];
  return JSON.parse(json!) as Record<string, any>;
}

/** The click id as the page script computes it: its own clickId(), run on the page's JSON. */
function browserClickId(body: string, service: string, tap: number): string {
  const source = /function clickId\(service, tap\) \{[\s\S]*?\n  \}/.exec(BROWSER_ENGINE)![0];
  return new Function('view', 'page', `${source}; return clickId;`)(pageJson(body, 'dt-view'), pageJson(body, 'dt-page'))(service, tap) as string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(DIALECTS)('server-side forwarding on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let fake: FakePlatforms;
  let clientId: string;
  let n = 0;

  const db = () => t.ctx.database.db;
  const fan = (extra: Record<string, string> = {}) => ({ 'user-agent': `${PHONE_UA} fan${++n}`, ...extra });
  const visit = async (headers: Record<string, string>, query = '') => {
    const res = await t.app.inject({ url: `/demo${query}`, headers });
    expect(res.statusCode).toBe(200);
    const view = pageJson(res.body, 'dt-view');
    return { body: res.body, eventId: view.event_id as string, v: view.v as string, headers };
  };
  const beacon = async (v: string, headers: Record<string, string>, tags: object, consent: string, click?: { service: string; tap: number }) => {
    const res = await t.app.inject({ method: 'POST', url: '/e', headers, payload: { v, s: 'demo', kind: click ? 'click' : 'view', tags, consent, ...(click ? { service: click.service, tap: click.tap } : {}) } });
    expect(res.statusCode).toBe(204);
  };
  const deliveries = async () => Object.fromEntries((await db().selectFrom('deliveries').select(['id', 'state', 'attempts', 'last_error']).execute()).map((r) => [r.id, r]));
  /** The grace window is over: everything waiting for a confirmation is due. */
  const graceOver = () => db().updateTable('deliveries').set({ next_attempt_at: 0 }).where('state', '=', 'pending').execute();
  const sent = (platform: Received['platform']) => fake.received.filter((r) => r.platform === platform);

  beforeAll(async () => {
    fake = await startFakePlatforms();
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, {
      TRUST_PROXY: '127.0.0.1',
      DELIVERY_INTERVAL_MS: '0', // the tests drain the queue themselves
      FORWARDING_TIMEOUT_MS: '500',
      GA4_MP_URL: fake.url,
      GA4_MP_EU_URL: `${fake.url}/eu`,
      META_GRAPH_URL: fake.url,
      TIKTOK_EVENTS_URL: `${fake.url}/`,
      METRICS_TOKEN: 'a-metrics-token-of-some-length',
    });
    clientId = (await db().selectFrom('smartlinks').select('client_id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).client_id;
    await updateForwarding(db(), t.ctx.forwarding.box, clientId, {
      ga4: { enabled: true, apiSecret: TOKENS.ga4 },
      meta: { enabled: true, accessToken: TOKENS.meta },
      tiktok: { enabled: true, accessToken: TOKENS.tiktok },
    });
  });
  beforeEach(async () => {
    fake.reset();
    await db().deleteFrom('deliveries').execute();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    await database?.cleanup();
  });

  it('sends a view and a click to Meta and TikTok at once, with the browser’s event names and ids and every documented field', async () => {
    const cookies = '_fbp=fb.1.1700000000000.1234567890; _ttp=2F7h37YkS1j57AYSKTI7IHhJPYH; _ga=GA1.1.111111111.1700000000';
    const page = await visit(fan({ 'x-forwarded-for': US_IP, cookie: cookies, referer: 'https://l.instagram.com/' }), '?fbclid=IwAR0abc_DEF&ttclid=E.C.P.xyz123');
    const clickId = browserClickId(page.body, 'spotify', 0);
    const click = await t.app.inject({ url: `/demo/spotify?v=${encodeURIComponent(page.v)}&n=0`, headers: page.headers });
    expect(click.statusCode).toBe(302);
    const stored = await db().selectFrom('events').select(['event_id', 'type', 'ts', 'visitor_id', 'device_type', 'os', 'browser']).where('event_id', 'in', [page.eventId, clickId]).execute();
    expect(stored.map((e) => e.type).sort()).toEqual(['click', 'view']); // the server stored the very ids the browser uses
    const viewTs = Number(stored.find((e) => e.type === 'view')!.ts);
    const viewRow = stored.find((e) => e.type === 'view')!;
    const external_id = externalId(viewRow.visitor_id); // a hash of Engine 1's daily visitor id
    expect(external_id).toMatch(/^[0-9a-f]{64}$/);

    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 4, retried: 0, dead: 0 }); // meta ×2, tiktok ×2; GA4 waits
    const [meta] = sent('meta');
    expect(meta!.path).toBe(`/${META_GRAPH_VERSION}/000000000000000/events`);
    expect(meta!.query.get('access_token')).toBe(TOKENS.meta);
    expect(meta!.body.test_event_code).toBeUndefined();
    const user_data = { client_ip_address: US_IP, client_user_agent: page.headers['user-agent'], external_id, fbp: 'fb.1.1700000000000.1234567890', fbc: `fb.1.${viewTs}.IwAR0abc_DEF` };
    const common = { event_id: page.eventId, event_time: Math.floor(viewTs / 1000), action_source: 'website', event_source_url: 'https://localhost/demo' };
    expect(meta!.body.data).toEqual([
      { event_name: 'PageView', ...common, user_data },
      { event_name: 'ViewContent', ...common, user_data, custom_data: { content_name: expect.any(String), content_category: 'Music', content_ids: [expect.any(String)], content_type: 'product' } },
      {
        event_name: 'SmartlinkClick', event_id: clickId, event_time: expect.any(Number), action_source: 'website', event_source_url: 'https://localhost/demo',
        // the tap's request has no fbclid (and here no _fbc cookie, which the pixel would have set from it)
        user_data: { client_ip_address: US_IP, client_user_agent: page.headers['user-agent'], external_id, fbp: 'fb.1.1700000000000.1234567890' },
        custom_data: { smartlink_id: expect.any(String), artist_name: expect.any(String), track_title: expect.any(String), session_id: expect.any(String), service: 'spotify' },
      },
    ]);
    // the browser engine fires exactly these names with these ids
    expect(BROWSER_ENGINE).toContain("f('track', 'PageView', {}, { eventID: view.event_id })");
    expect(BROWSER_ENGINE).toContain("f('track', 'ViewContent'");
    expect(BROWSER_ENGINE).toContain("w.fbq('trackCustom', 'SmartlinkClick', withFields({ service: service }), { eventID: id })");
    expect(BROWSER_ENGINE).toContain("w.ttq.track('ClickButton'");

    const [tiktok] = sent('tiktok');
    expect(tiktok!.path).toBe('/open_api/v1.3/event/track/');
    expect(tiktok!.headers['access-token']).toBe(TOKENS.tiktok);
    expect(tiktok!.body).toMatchObject({ event_source: 'web', event_source_id: 'DEMO0000000000000000' });
    expect(tiktok!.body.data).toEqual([
      {
        event: 'ViewContent', event_id: page.eventId, event_time: Math.floor(viewTs / 1000),
        user: { ip: US_IP, user_agent: page.headers['user-agent'], external_id, ttp: '2F7h37YkS1j57AYSKTI7IHhJPYH', ttclid: 'E.C.P.xyz123' },
        page: { url: 'https://localhost/demo', referrer: 'https://l.instagram.com/' },
        properties: { contents: [{ content_id: expect.any(String), content_name: expect.any(String), content_type: 'product' }], content_type: 'product' },
      },
      expect.objectContaining({ event: 'ClickButton', event_id: clickId, user: expect.objectContaining({ external_id }), properties: expect.objectContaining({ description: 'spotify' }) }),
    ]);
    expect(sent('ga4')).toHaveLength(0);

    // no confirmation within the grace window: GA4 gets both, with GA's own client id from _ga
    await graceOver();
    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 2, retried: 0, dead: 0 });
    const ga4 = sent('ga4');
    expect(ga4.map((r) => r.path)).toEqual(['/mp/collect', '/mp/collect']);
    expect(ga4[0]!.query.get('measurement_id')).toBe('G-DEMO000000');
    expect(ga4[0]!.query.get('api_secret')).toBe(TOKENS.ga4);
    const ga4View = ga4.find((r) => r.body.events[0].name === 'smartlink_view')!.body;
    const title = /<title>([^<]*)<\/title>/.exec(page.body)![1]!.replace(/&amp;/g, '&'); // the page's own <title>
    expect(ga4View).toEqual({
      client_id: '111111111.1700000000',
      timestamp_micros: viewTs * 1000,
      // Engine 1's geography and device, and the full address while it is in memory
      user_location: { country_id: 'US', region_id: 'US-WA', city: 'Tacoma' },
      device: { category: viewRow.device_type, operating_system: viewRow.os, browser: viewRow.browser },
      ip_override: US_IP,
      events: [{
        name: 'smartlink_view',
        params: {
          session_id: expect.stringMatching(/^\d+$/), engagement_time_msec: 100, event_id: page.eventId, smartlink_id: expect.any(String), artist_name: expect.any(String), track_title: expect.any(String),
          page_location: 'https://localhost/demo', page_referrer: 'https://l.instagram.com/', page_title: title,
        },
      }],
    });
    expect(viewRow.device_type).toBe('mobile');
    const ga4Click = ga4.find((r) => r.body.events[0].name === 'smartlink_click')!.body;
    expect(ga4Click.events[0].params).toMatchObject({ event_id: clickId, service: 'spotify', session_id: ga4View.events[0].params.session_id });
  });

  it('forwards to GA4 only what the browser did not deliver, as soon as the confirmation says so', async () => {
    const blocked = await visit(fan({ 'x-forwarded-for': US_IP }));
    const loaded = await visit(fan({ 'x-forwarded-for': US_IP }));
    await beacon(blocked.v, blocked.headers, ALL_BLOCKED, 'not_required');
    await beacon(loaded.v, loaded.headers, ALL_LOADED, 'not_required');
    await t.ctx.deliveries.drain(); // no waiting for the grace window: the confirmations decided
    expect(fake.counted('ga4')).toEqual([`smartlink_view:${blocked.eventId}`]);
    const state = await deliveries();
    expect(state[`ga4:${loaded.eventId}`]).toMatchObject({ state: 'skipped', last_error: 'the browser delivered it to GA4' });
    // without _ga, a client id derived from Engine 1's daily visitor pseudonym
    expect(sent('ga4')[0]!.body.client_id).toMatch(/^\d+\.\d+$/);
    // Meta and TikTok take both: they deduplicate against the pixel
    expect(fake.counted('meta')).toHaveLength(4);
    expect(fake.counted('tiktok')).toHaveLength(2);
  });

  it('sends nothing for a fan in a consent region without consent, nor for opted-out fans or bots', async () => {
    // no X-Forwarded-For: 127.0.0.1 has no location, so the fan is asked (a consent region)
    const denied = await visit(fan());
    const granted = await visit(fan());
    const silent = await visit(fan()); // no confirmation, no stored choice
    const remembered = await visit(fan({ cookie: 'dt_consent=granted' })); // no confirmation, a stored "Accept"
    const optedOut = await visit(fan({ cookie: 'dt_optout=1', 'x-forwarded-for': US_IP }));
    await t.app.inject({ url: '/demo', headers: { 'user-agent': 'curl/8.4.0', 'x-forwarded-for': US_IP } });
    await t.app.inject({ url: '/demo', headers: { 'user-agent': 'facebookexternalhit/1.1', 'x-forwarded-for': US_IP } });
    await beacon(denied.v, denied.headers, ALL_LOADED, 'denied');
    await beacon(granted.v, granted.headers, { ...ALL_LOADED, ga4: 'blocked' }, 'granted');
    const state = await deliveries();
    expect(Object.keys(state).some((id) => id.endsWith(optedOut.eventId))).toBe(false); // never even queued
    expect(Object.keys(state)).toHaveLength(4 * 3); // the four fans × three platforms; the bots none

    await t.ctx.deliveries.drain(); // the confirmed ones
    await graceOver();
    await t.ctx.deliveries.drain(); // the others, after the grace window
    for (const platform of ['meta', 'tiktok', 'ga4'] as const) {
      const ids = new Set(fake.counted(platform).map((k) => k.split(':')[1]));
      expect([...ids].sort()).toEqual(platform === 'ga4' ? [granted.eventId, remembered.eventId].sort() : [granted.eventId, remembered.eventId].sort());
    }
    const after = await deliveries();
    expect(after[`meta:${denied.eventId}`]).toMatchObject({ state: 'skipped', last_error: 'no consent (denied)' });
    expect(after[`tiktok:${silent.eventId}`]).toMatchObject({ state: 'skipped', last_error: 'no consent (no answer)' });
    expect(sent('ga4').find((r) => r.body.events[0].params.event_id === granted.eventId)!.body.consent).toEqual({ ad_user_data: 'GRANTED', ad_personalization: 'GRANTED' });
  });

  it('retries after a 5xx and after a timeout, then sends; each event counted once', async () => {
    const page = await visit(fan({ 'x-forwarded-for': US_IP }));
    fake.answerNext('meta', { status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } });
    fake.answerNext('tiktok', 'hang'); // no answer within FORWARDING_TIMEOUT_MS
    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 0, retried: 2, dead: 0 });
    const state = await deliveries();
    expect(state[`meta:${page.eventId}`]).toMatchObject({ state: 'pending', attempts: 1, last_error: 'Meta HTTP 503: Service temporarily unavailable' });
    expect(state[`tiktok:${page.eventId}`]).toMatchObject({ state: 'pending', attempts: 1, last_error: 'tiktok: no answer within 500 ms' });
    await db().updateTable('deliveries').set({ next_attempt_at: 0 }).where('destination', '!=', 'ga4').execute(); // the backoff is over
    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(fake.counted('meta')).toEqual([`PageView:${page.eventId}`, `ViewContent:${page.eventId}`]);
    expect(fake.counted('tiktok')).toEqual([`ViewContent:${page.eventId}`]); // received twice, counted once
    expect(sent('tiktok')).toHaveLength(2);
    // the forwarding outcomes, for Prometheus
    const metrics = (await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-of-some-length' } })).body;
    for (const destination of ['meta', 'tiktok']) {
      expect(metrics).toMatch(new RegExp(`duotrack_deliveries_total\\{destination="${destination}",outcome="retry"\\} [1-9]`));
      expect(metrics).toMatch(new RegExp(`duotrack_deliveries_total\\{destination="${destination}",outcome="sent"\\} [1-9]`));
    }
  });

  it('dead-letters what a platform refuses, with its message, and events too old, without failing the others', async () => {
    const refused = await visit(fan({ 'x-forwarded-for': US_IP }));
    fake.answerNext('meta', { status: 400, body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'x' } } });
    fake.answerNext('tiktok', { status: 200, body: { code: 40001, message: 'Invalid access token', request_id: 'r' } });
    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 0, retried: 0, dead: 2 });
    let state = await deliveries();
    expect(state[`meta:${refused.eventId}`]).toMatchObject({ state: 'dead', attempts: 1, last_error: 'Meta HTTP 400: Invalid parameter' });
    expect(state[`tiktok:${refused.eventId}`]).toMatchObject({ state: 'dead', last_error: 'TikTok HTTP 200 code 40001: Invalid access token' });

    const old = await visit(fan({ 'x-forwarded-for': US_IP }));
    const fresh = await visit(fan({ 'x-forwarded-for': US_IP }));
    const eightDaysAgo = Date.now() - 8 * 86_400_000;
    for (const row of await db().selectFrom('deliveries').select(['id', 'payload']).where('id', 'like', `%${old.eventId}`).execute()) {
      await db().updateTable('deliveries').set({ payload: JSON.stringify({ ...JSON.parse(row.payload), ts: eightDaysAgo }) }).where('id', '=', row.id).execute();
    }
    expect(await t.ctx.deliveries.drain()).toEqual({ sent: 2, retried: 0, dead: 2 });
    state = await deliveries();
    expect(state[`meta:${old.eventId}`]).toMatchObject({ state: 'dead', last_error: "older than meta's limit of 168 hours; not sent" });
    expect(fake.counted('meta')).toEqual([`PageView:${fresh.eventId}`, `ViewContent:${fresh.eventId}`]); // the batch went out without it

    // GA4 validation mode: the validation server's messages dead-letter the event
    await updateForwarding(db(), t.ctx.forwarding.box, clientId, { ga4: { validate: true } });
    try {
      const checked = await visit(fan({ 'x-forwarded-for': US_IP }));
      fake.answerNext('ga4', { status: 200, body: { validationMessages: [{ fieldPath: 'events.params.session_id', description: 'must be a number', validationCode: 'VALUE_INVALID' }] } });
      await db().updateTable('deliveries').set({ next_attempt_at: 0 }).where('id', '=', `ga4:${checked.eventId}`).execute();
      await t.ctx.deliveries.drain();
      expect(sent('ga4').at(-1)!.path).toBe('/debug/mp/collect');
      expect((await deliveries())[`ga4:${checked.eventId}`]).toMatchObject({ state: 'dead', last_error: 'GA4 validation: events.params.session_id must be a number' });
    } finally {
      await updateForwarding(db(), t.ctx.forwarding.box, clientId, { ga4: { validate: false } });
    }
  });

  it('after a stop in the middle of a send: Meta and TikTok are sent again and count each event once; GA4 is not sent again', async () => {
    const a = await visit(fan({ 'x-forwarded-for': US_IP }));
    const b = await visit(fan({ 'x-forwarded-for': US_IP }));
    await graceOver(); // GA4 due too
    fake.answerNext('meta', 'hang');
    fake.answerNext('tiktok', 'hang');
    fake.answerNext('ga4', 'hang', 'hang');
    const deps = { config: { ...t.ctx.config, forwardingTimeoutMs: 60_000 }, database: t.ctx.database, box: t.ctx.forwarding.box, ipMemory: t.ctx.forwarding.ipMemory, outbound: createOutbound(t.ctx.config.outboundAllow) };
    // the node that dies: it claims everything (lease 1 s), its requests reach the platforms, no answer comes back
    const dying = createDeliveryQueue({ database: t.ctx.database, destinations: forwardingDestinations(deps), leaseMs: 1000 });
    void dying.runRound().catch(() => {});
    for (let i = 0; i < 100 && fake.received.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.received).toHaveLength(4);
    // another node (or the restarted one) after the lease
    const restarted = createDeliveryQueue({ database: t.ctx.database, destinations: forwardingDestinations(deps), clock: () => Date.now() + 5_000 });
    expect(await restarted.drain()).toEqual({ sent: 4, retried: 0, dead: 2 }); // meta ×2, tiktok ×2 sent; ga4 ×2 dead
    expect(sent('meta')).toHaveLength(2); // sent twice…
    expect(fake.counted('meta').sort()).toEqual([`PageView:${a.eventId}`, `PageView:${b.eventId}`, `ViewContent:${a.eventId}`, `ViewContent:${b.eventId}`].sort()); // …counted once
    expect(fake.counted('tiktok').sort()).toEqual([`ViewContent:${a.eventId}`, `ViewContent:${b.eventId}`].sort());
    expect(sent('ga4')).toHaveLength(2); // never resent
    expect(fake.counted('ga4')).toHaveLength(2);
    expect((await deliveries())[`ga4:${a.eventId}`]).toMatchObject({ state: 'dead', last_error: expect.stringContaining('interrupted while sending') });
  });

  it('sends the full IP to Meta and TikTok from memory, and no file or stored column ever holds it', async () => {
    const v4 = await visit(fan({ 'x-forwarded-for': US_IP }));
    const v6 = await visit(fan({ 'x-forwarded-for': IPV6 }));
    await beacon(v4.v, v4.headers, ALL_BLOCKED, 'not_required');
    await beacon(v6.v, v6.headers, ALL_BLOCKED, 'granted'); // France: a consent region
    fake.answerNext('tiktok', { status: 500 }); // a retry by this process, within the memory's TTL
    await t.ctx.deliveries.drain();
    await graceOver();
    await t.ctx.deliveries.drain();
    const metaIps = sent('meta').flatMap((r) => r.body.data.map((e: any) => e.user_data.client_ip_address));
    expect(new Set(metaIps)).toEqual(new Set([US_IP, IPV6]));
    const tiktokIps = sent('tiktok').flatMap((r) => r.body.data.map((e: any) => e.user.ip));
    expect(tiktokIps).toEqual(expect.arrayContaining([US_IP, IPV6]));
    const needles = [US_IP, IPV6, IPV6.toUpperCase()];
    for (const file of filesUnder(database.dataDir)) {
      const text = readFileSync(file).toString('latin1').toLowerCase();
      for (const needle of needles) expect(text.includes(needle.toLowerCase()), `${needle} in ${file}`).toBe(false);
    }
    const rows = JSON.stringify(await db().selectFrom('deliveries').selectAll().execute()) + JSON.stringify(await db().selectFrom('events').selectAll().execute());
    for (const needle of needles) expect(rows.toLowerCase()).not.toContain(needle.toLowerCase());
    // a delivery holds no address at all, not even the truncated one
    expect(JSON.stringify(await db().selectFrom('deliveries').selectAll().execute())).not.toContain('216.160.83.');
  });

  it('sends no IP at all, never the truncated one, once the full address is no longer in memory (another node, a restart)', async () => {
    const page = await visit(fan({ 'x-forwarded-for': US_IP }));
    await graceOver();
    const deps = { config: t.ctx.config, database: t.ctx.database, box: t.ctx.forwarding.box, ipMemory: createIpMemory(), outbound: createOutbound(t.ctx.config.outboundAllow) };
    const otherNode = createDeliveryQueue({ database: t.ctx.database, destinations: forwardingDestinations(deps) });
    expect(await otherNode.drain()).toEqual({ sent: 3, retried: 0, dead: 0 });
    const bodies = JSON.stringify(fake.received.map((r) => r.body));
    expect(bodies).toContain(page.eventId);
    expect(bodies).not.toContain('216.160.83.'); // neither 216.160.83.56 nor 216.160.83.0
    for (const e of sent('meta')[0]!.body.data) expect(Object.keys(e.user_data)).not.toContain('client_ip_address');
    expect(Object.keys(sent('tiktok')[0]!.body.data[0].user)).not.toContain('ip');
    expect(sent('ga4')[0]!.body).not.toHaveProperty('ip_override');
  });

  it('flags Limited Data Use for fans in the US states that have it, once the client turns it on', async () => {
    const key = (await createApiKey(db(), { clientId, name: 'ldu' })).key;
    const patch = (forwarding: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${clientId}`, headers: { authorization: `Bearer ${key}` }, payload: { forwarding } });
    expect((await patch({ limitedDataUse: 'yes' })).statusCode).toBe(400);
    const on = await patch({ limitedDataUse: true });
    expect(on.statusCode).toBe(200);
    expect(on.json().forwarding.limitedDataUse).toBe(true);
    try {
      const california = await visit(fan({ 'x-forwarded-for': CA_IP }));
      const washington = await visit(fan({ 'x-forwarded-for': US_IP }));
      await t.ctx.deliveries.drain();
      const meta = sent('meta').flatMap((r) => r.body.data);
      for (const e of meta.filter((e: any) => e.event_id === california.eventId)) {
        expect(e).toMatchObject({ data_processing_options: ['LDU'], data_processing_options_country: 1, data_processing_options_state: 1000 });
      }
      for (const e of meta.filter((e: any) => e.event_id === washington.eventId)) expect(e).not.toHaveProperty('data_processing_options');
      const tiktok = sent('tiktok').flatMap((r) => r.body.data);
      expect(tiktok.find((e: any) => e.event_id === california.eventId)).toMatchObject({ limited_data_use: true });
      expect(tiktok.find((e: any) => e.event_id === washington.eventId)).not.toHaveProperty('limited_data_use');
    } finally {
      await patch({ limitedDataUse: false });
    }
  });

  it('gives one fan the same external_id all day, and another fan another', async () => {
    const headers = fan({ 'x-forwarded-for': US_IP });
    const first = await visit(headers);
    const again = await visit(headers);
    const other = await visit(fan({ 'x-forwarded-for': US_IP }));
    await t.ctx.deliveries.drain();
    const idOf = (eventId: string) => sent('tiktok').flatMap((r) => r.body.data).find((e: any) => e.event_id === eventId).user.external_id as string;
    expect(idOf(first.eventId)).toMatch(/^[0-9a-f]{64}$/);
    expect(idOf(again.eventId)).toBe(idOf(first.eventId));
    expect(idOf(other.eventId)).not.toBe(idOf(first.eventId));
    const metaIds = new Set(sent('meta').flatMap((r) => r.body.data).filter((e: any) => e.event_id === first.eventId).map((e: any) => e.user_data.external_id));
    expect([...metaIds]).toEqual([idOf(first.eventId)]);
  });

  it('sends GA4 to its EU endpoint for a client that chooses it', async () => {
    await updateForwarding(db(), t.ctx.forwarding.box, clientId, { ga4: { region: 'eu' } });
    try {
      const page = await visit(fan({ 'x-forwarded-for': US_IP }));
      await graceOver();
      await t.ctx.deliveries.drain();
      expect(sent('ga4').map((r) => [r.path, r.body.events[0].params.event_id])).toEqual([['/eu/mp/collect', page.eventId]]);
    } finally {
      await updateForwarding(db(), t.ctx.forwarding.box, clientId, { ga4: { region: 'global' } });
    }
  });

  it('forgets a fan’s deliveries, sent or not, when the fan erases their records', async () => {
    const page = await visit(fan({ 'x-forwarded-for': US_IP }));
    await t.ctx.deliveries.drain(); // Meta and TikTok sent; GA4 still waiting
    expect(Object.keys(await deliveries()).filter((id) => id.endsWith(page.eventId))).toHaveLength(3);
    const erased = await t.app.inject({ method: 'POST', url: '/privacy/demo/erase', headers: page.headers });
    expect(erased.statusCode).toBe(200);
    expect(Object.keys(await deliveries()).filter((id) => id.endsWith(page.eventId))).toHaveLength(0);
  });

  it('lets a client user set its credentials through the API, never shows or audits them, and reports sent/pending/dead', async () => {
    const key = (await createApiKey(db(), { clientId, name: 'label' })).key;
    const auth = { authorization: `Bearer ${key}` };
    const token = 'EAAG-brand-new-meta-token-42';
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${clientId}`, headers: auth, payload: { forwarding: { meta: { accessToken: token, testEventCode: 'TEST4242' } } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().forwarding).toEqual({
      ga4: { enabled: true, apiSecretSet: true, validate: false, region: 'global' },
      meta: { enabled: true, accessTokenSet: true, testEventCode: 'TEST4242' },
      tiktok: { enabled: true, accessTokenSet: true, testEventCode: null },
      outsideConsentRegions: 'forward',
      limitedDataUse: false,
    });
    const got = await t.app.inject({ url: `/api/v1/clients/${clientId}`, headers: auth });
    expect(got.json().forwarding.meta.accessTokenSet).toBe(true);
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${clientId}`, headers: auth, payload: { forwarding: { meta: { testEventCode: 'no spaces' } } } });
    expect(bad.statusCode).toBe(400);
    const stored = JSON.stringify(await db().selectFrom('client_forwarding').selectAll().execute()) + JSON.stringify(await db().selectFrom('audit_log').selectAll().execute());
    for (const secret of [token, ...Object.values(TOKENS)]) {
      expect(res.body + got.body + stored).not.toContain(secret);
    }
    expect(stored).toMatch(/accessTokenSet\\?":true/); // the audit entry says a token is set

    const page = await visit(fan({ 'x-forwarded-for': US_IP }));
    await t.ctx.deliveries.drain();
    expect(sent('meta')[0]!.query.get('access_token')).toBe(token);
    expect(sent('meta')[0]!.body.test_event_code).toBe('TEST4242');

    fake.answerNext('tiktok', { status: 400, body: { code: 40002, message: 'bad' } });
    await visit(fan({ 'x-forwarded-for': US_IP }));
    await t.ctx.deliveries.drain();
    const perf = await t.app.inject({ url: `/api/v1/analytics/performance?clientId=${clientId}`, headers: auth });
    expect(perf.statusCode).toBe(200);
    expect(perf.json().forwarding).toEqual({
      ga4: { sent: 0, pending: 2, dead: 0, skipped: 0 },
      meta: { sent: 2, pending: 0, dead: 0, skipped: 0 },
      tiktok: { sent: 1, pending: 0, dead: 1, skipped: 0 },
    });
    expect(page.eventId).toBeTruthy();
  });
});

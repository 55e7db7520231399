// GET /api/health/tracking on every database: the seed's shape, rates from known numbers of
// confirmed and unconfirmed views, and who may see the numbers.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };

describe.each(DIALECTS)('tracking health on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  let smartlink: Smartlink;
  let masterKey: string;
  let clientKey: string;

  const health = (key?: string, query = '') =>
    t.app.inject({ url: `/api/health/tracking${query}`, headers: key ? { authorization: `Bearer ${key}` } : {} });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const db = t.ctx.database.db;
    client = await createClient(db, { name: 'Measured' });
    smartlink = await createSmartlink(db, { clientId: client.id, slug: 'measured', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    masterKey = (await createApiKey(db, { clientId: null, name: 'm' })).key;
    clientKey = (await createApiKey(db, { clientId: client.id, name: 'c' })).key;

    // 10 human views from 5 visitors; the browser confirms 8 of them
    for (let i = 0; i < 10; i++) {
      const page = await t.app.inject({ url: '/measured', headers: { 'user-agent': `${PHONE_UA} v${i % 5}`, 'x-forwarded-for': '216.160.83.56' } });
      const view = JSON.parse(/id="dt-view">([^<]*)</.exec(page.body)![1]!);
      if (i < 8) {
        const res = await t.app.inject({ method: 'POST', url: '/e', payload: { v: view.v, s: 'measured', kind: 'view', tags: ALL_LOADED, consent: 'not_required' }, headers: { 'x-forwarded-for': '216.160.83.56' } });
        expect(res.statusCode).toBe(204);
      }
    }
    // a bot: stored, never counted
    await t.app.inject({ url: '/measured', headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
    // 2 views the browser saw and confirmed but the server never stored (simulated loss)
    for (let i = 0; i < 2; i++) {
      const now = Date.now();
      const { stored } = t.ctx.tracker.track(
        { method: 'POST', ip: '216.160.83.56', userAgent: PHONE_UA, referrer: '', host: 'localhost', query: {}, headers: {}, now },
        { type: 'client', client, smartlink, service: null, confirmation: { confirms: uuidv7({ msecs: now }), client_tags: JSON.stringify(ALL_LOADED), client_consent: 'not_required' } },
      );
      await stored;
    }
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('answers the seed’s shape, with rates from the two engines compared', async () => {
    const res = await health(masterKey, `?clientId=${client.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body.stats).sort()).toEqual(['clientTrackingRate', 'serverTrackingRate', 'totalViews', 'uniqueVisitors']);
    expect(body).toMatchObject({
      status: 'warning', // 80 % of what browsers confirmed reached the server: under 95 %
      stats: { totalViews: 10, uniqueVisitors: 5, serverTrackingRate: '80.0%', clientTrackingRate: '80.0%' },
      details: { browserConfirmedViews: 10, browserConfirmedViewsStoredByServer: 8, serverViewsConfirmedByBrowser: 8 },
    });
    expect(body.window.to - body.window.from).toBe(86_400_000);
  });

  it('is healthy where nothing confirmed by a browser is missing', async () => {
    const other = await createClient(t.ctx.database.db, { name: 'Quiet' });
    expect((await health(masterKey, `?clientId=${other.id}`)).json()).toMatchObject({
      status: 'healthy',
      stats: { totalViews: 0, uniqueVisitors: 0, serverTrackingRate: '100.0%', clientTrackingRate: '100.0%' },
    });
  });

  it('counts unique visitors as the dashboards do: a visitor’s first view of each smartlink in the day', async () => {
    const db = t.ctx.database.db;
    const label = await createClient(db, { name: 'Two links' });
    for (const slug of ['first-of-two', 'second-of-two']) {
      await createSmartlink(db, { clientId: label.id, slug, artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    }
    // one fan: both smartlinks, the first one twice
    for (const slug of ['first-of-two', 'second-of-two', 'first-of-two']) {
      expect((await t.app.inject({ url: `/${slug}`, headers: { 'user-agent': `${PHONE_UA} same-fan`, 'x-forwarded-for': '216.160.83.57' } })).statusCode).toBe(200);
    }
    const stats = (await health(masterKey, `?clientId=${label.id}`)).json().stats;
    const overview = await t.app.inject({ url: `/api/v1/analytics/overview?clientId=${label.id}`, headers: { authorization: `Bearer ${masterKey}` } });
    expect(stats).toMatchObject({ totalViews: 3, uniqueVisitors: 2 });
    expect(overview.json()).toMatchObject({ views: 3, uniqueVisitors: 2 });
  });

  it('shows the numbers to master only; anyone else gets the status alone', async () => {
    expect((await health()).json()).toEqual({ status: expect.stringMatching(/^(healthy|warning)$/) });
    expect((await health(clientKey, `?clientId=${client.id}`)).json()).toEqual({ status: 'warning' });
    expect((await health(masterKey)).json().stats.totalViews).toBeGreaterThanOrEqual(10);
    expect((await health(undefined, `?clientId=${'x'.repeat(100)}`)).statusCode).toBe(400);
  });
});

// /api/v1/analytics through app.inject on every database, with views and clicks made by real
// requests to smartlink pages: what each endpoint answers, who may see what, the CSV rows, and
// clear 4xx answers to bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { localTime } from '../../src/analytics/time-zone.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

describe.each(DIALECTS)('analytics API on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let label: Client;
  let other: Client;
  let single: Smartlink;
  let album: Smartlink;
  let otherLink: Smartlink;
  let masterKey: string;
  let labelKey: string;
  const today = () => localTime(Date.now(), 'Europe/Paris').date;

  const get = (key: string, url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const ok = async (key: string, url: string) => {
    const res = await get(key, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const fan = (n: number) => ({ 'user-agent': `${PHONE_UA} fan${n}`, 'x-forwarded-for': `81.2.69.${10 + n}`, 'accept-language': 'fr-FR' });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    label = await createClient(db, { name: 'Label', timeZone: 'Europe/Paris', conversionValue: 0.5 });
    other = await createClient(db, { name: 'Other label' });
    const services = [{ service: 'spotify', url: 'https://open.spotify.com/x' }, { service: 'deezer', url: 'https://deezer.com/x' }];
    single = await createSmartlink(db, { clientId: label.id, slug: 'single', artistName: 'Ana', trackTitle: 'Single', status: 'live', services });
    album = await createSmartlink(db, { clientId: label.id, slug: 'album', artistName: 'Ana', trackTitle: 'Album', status: 'live', services });
    otherLink = await createSmartlink(db, { clientId: other.id, slug: 'elsewhere', artistName: 'Bo', trackTitle: 'Else', status: 'live', services });
    masterKey = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    labelKey = (await createApiKey(db, { clientId: label.id, name: 'label' })).key;

    // single: 3 fans, one of them twice; 2 clicks (spotify, deezer). album: 1 fan. A bot on single. Other label: 2 views.
    for (const n of [1, 2, 3, 1]) expect((await t.app.inject({ url: '/single', headers: fan(n) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/single/spotify', headers: fan(1) })).statusCode).toBe(302);
    expect((await t.app.inject({ url: '/single/deezer', headers: fan(2) })).statusCode).toBe(302);
    expect((await t.app.inject({ url: '/album', headers: fan(4) })).statusCode).toBe(200);
    await t.app.inject({ url: '/single', headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
    for (const n of [5, 6]) await t.app.inject({ url: '/elsewhere', headers: fan(n) });
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('overview: views, unique visitors, clicks, click-through rate, revenue, top countries and smartlinks, excluded traffic', async () => {
    const body = await ok(labelKey, '/api/v1/analytics/overview');
    expect(body).toMatchObject({
      range: { to: today(), timeZone: 'Europe/Paris' },
      views: 5,
      uniqueVisitors: 4,
      clicks: 2,
      clickThroughRate: 0.4,
      revenue: 1,
      topCountries: [{ value: 'GB', views: 5, uniqueVisitors: 4, clicks: 2 }], // 81.2.69.x is in the GeoLite2 test range (GB)
      excluded: { views: 1, clicks: 0, byReason: [{ value: 'crawler', views: 1, clicks: 0 }] },
    });
    expect(body.topSmartlinks.map((s: { slug: string; views: number }) => [s.slug, s.views])).toEqual([['single', 4], ['album', 1]]);
    expect(body.range.from).toBe(new Date(Date.parse(`${today()}T12:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10));
  });

  it('drills down to one smartlink', async () => {
    const body = await ok(labelKey, `/api/v1/analytics/overview?smartlinkId=${album.id}`);
    expect(body).toMatchObject({ views: 1, uniqueVisitors: 1, clicks: 0 });
    const services = await ok(labelKey, `/api/v1/analytics/breakdown/service?smartlinkId=${single.id}`);
    expect(services.rows.map((r: { value: string; clicks: number }) => [r.value, r.clicks]).sort()).toEqual([['deezer', 1], ['spotify', 1]]);
  });

  it('time series: every day of the range, today holding the counts; hours of one day', async () => {
    const days = await ok(labelKey, '/api/v1/analytics/timeseries?interval=day');
    expect(days.points).toHaveLength(30);
    expect(days.points.at(-1)).toMatchObject({ label: today(), views: 5, uniqueVisitors: 4, clicks: 2, revenue: 1 });
    const hours = await ok(labelKey, `/api/v1/analytics/timeseries?interval=hour&from=${today()}&to=${today()}`);
    expect(hours.points.length).toBeGreaterThanOrEqual(23);
    expect(hours.points.reduce((n: number, p: { views: number }) => n + p.views, 0)).toBe(5);
  });

  it('breakdowns by each dimension, with readable labels', async () => {
    const devices = await ok(labelKey, '/api/v1/analytics/breakdown/device');
    expect(devices.rows).toEqual([expect.objectContaining({ value: 'mobile', label: 'mobile', views: 5 })]);
    const links = await ok(labelKey, '/api/v1/analytics/breakdown/smartlink');
    expect(links.rows.map((r: { label: string }) => r.label)).toEqual(['Ana – Single', 'Ana – Album']);
    const referrers = await ok(labelKey, '/api/v1/analytics/breakdown/referrer');
    expect(referrers.rows[0]).toMatchObject({ value: '', label: '(direct)' });
    for (const dimension of ['country', 'city', 'os', 'browser', 'in_app', 'channel', 'utm_source', 'utm_medium', 'utm_campaign', 'excluded']) {
      expect((await get(labelKey, `/api/v1/analytics/breakdown/${dimension}`)).statusCode, dimension).toBe(200);
    }
  });

  it('realtime: the last five minutes', async () => {
    const body = await ok(labelKey, '/api/v1/analytics/realtime');
    expect(body).toMatchObject({ windowMinutes: 5, activeVisitors: 4, currentViews: 5, clicks: 2 });
    expect(body.topSmartlinks[0]).toMatchObject({ slug: 'single', views: 4 });
  });

  it('performance: no browser confirmed anything here, so the client rate is 0 and quality a warning', async () => {
    const body = await ok(labelKey, '/api/v1/analytics/performance');
    expect(body).toMatchObject({ serverTrackingRate: 100, clientTrackingRate: 0, dataQuality: 'warning', details: { humanViews: 5, confirmedViews: 0 } });
  });

  it('CSV export: one row per day and smartlink, with the dimension when asked', async () => {
    const res = await get(labelKey, '/api/v1/analytics/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="duotrack-.*\.csv"/);
    expect(res.body.trim().split('\r\n')).toEqual([
      'date,smartlink_id,slug,views,unique_visitors,clicks,click_through_rate,revenue',
      `${today()},${album.id},album,1,1,0,0,0`,
      `${today()},${single.id},single,4,3,2,0.5,1`,
    ]);
    const byService = await get(labelKey, '/api/v1/analytics/export.csv?dimension=service');
    expect(byService.body.trim().split('\r\n').slice(1).sort()).toEqual([
      `${today()},${single.id},single,deezer,0,0,1,0,0.5`,
      `${today()},${single.id},single,spotify,0,0,1,0,0.5`,
    ]);
  });

  it('a client sees only its own data: another client or its smartlink is not found', async () => {
    expect((await get(labelKey, `/api/v1/analytics/overview?clientId=${other.id}`)).statusCode).toBe(404);
    expect((await get(labelKey, `/api/v1/analytics/overview?smartlinkId=${otherLink.id}`)).statusCode).toBe(404);
    expect((await get(labelKey, `/api/v1/analytics/export.csv?clientId=${other.id}`)).statusCode).toBe(404);
    expect((await get(labelKey, `/api/v1/analytics/realtime?clientId=${other.id}`)).statusCode).toBe(404);
    expect((await get(labelKey, '/api/v1/analytics/clients')).statusCode).toBe(403);
    expect((await get(masterKey, `/api/v1/analytics/overview?clientId=${label.id}&smartlinkId=${otherLink.id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/analytics/overview' })).statusCode).toBe(401);
  });

  it('master: every client aggregated, and side by side with growth', async () => {
    expect(await ok(masterKey, '/api/v1/analytics/overview')).toMatchObject({ views: 7, clicks: 2, range: { timeZone: 'UTC' } });
    const body = await ok(masterKey, '/api/v1/analytics/clients');
    const row = (id: string) => body.clients.find((c: { clientId: string }) => c.clientId === id);
    expect(row(label.id)).toMatchObject({ name: 'Label', timeZone: 'Europe/Paris', views: 5, clicks: 2, revenue: 1, growth: { weekOverWeek: null, monthOverMonth: null } });
    expect(row(other.id)).toMatchObject({ views: 2, clicks: 0 });
    expect(body.totals).toMatchObject({ views: 7, clicks: 2, revenue: 1 });
  });

  it.each([
    ['/api/v1/analytics/overview?from=2026-02-30', 400, 'from: a date like 2026-11-24'],
    ['/api/v1/analytics/overview?from=2026-11-24&to=2026-11-01', 400, 'from: must not be after to'],
    ['/api/v1/analytics/overview?from=2020-01-01&to=2026-01-01', 400, 'at most 760 days'],
    ['/api/v1/analytics/timeseries?interval=hour&from=2026-01-01&to=2026-03-01', 400, 'at most 31 days'],
    ['/api/v1/analytics/timeseries?interval=week', 400, 'interval'],
    ['/api/v1/analytics/breakdown/planet', 400, 'dimension'],
    ['/api/v1/analytics/breakdown/country?limit=0', 400, 'limit'],
    ['/api/v1/analytics/overview?colour=red', 400, 'colour'],
    ['/api/v1/analytics/export.csv?dimension=smartlink', 400, 'dimension'],
  ])('refuses %s with a clear message', async (url, status, message) => {
    const res = await get(labelKey, url);
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toContain(message);
  });
});

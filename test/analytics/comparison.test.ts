// Every headline figure against the period before, and the campaign and channel tables' click-
// through, on every database: what the API answers (from the rollups) equals a recomputation from
// the raw events — in a client's time zone across a daylight-saving change, and in the master
// view's UTC days; the change is null when the previous period is empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { EventRow } from '../../src/db/schema.js';
import { storeEvents } from '../../src/events/append.js';
import { localTime } from '../../src/analytics/time-zone.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const ZONE = 'America/New_York'; // daylight saving ends on 2026-11-01
const START = Date.parse('2026-11-01T00:00:00Z'); // 2026-10-31 20:00 in New York
const END = Date.parse('2026-11-13T00:00:00Z');

interface Figures {
  views: number;
  uniqueVisitors: number;
  clicks: number;
  clickThroughRate: number;
  revenue: number;
}

/** The headline figures of the human events whose local date (in `timeZone`) is within from..to. */
function fromRaw(events: readonly EventRow[], timeZone: string, from: string, to: string, key: (e: EventRow) => string = () => '') {
  const groups = new Map<string, Figures>();
  for (const e of events) {
    const date = localTime(e.ts, timeZone).date;
    if (date < from || date > to || e.excluded_reason !== null || (e.type !== 'view' && e.type !== 'click')) continue;
    const g = groups.get(key(e)) ?? { views: 0, uniqueVisitors: 0, clicks: 0, clickThroughRate: 0, revenue: 0 };
    if (e.type === 'view') {
      g.views++;
      if (e.is_unique === 1) g.uniqueVisitors++;
    } else {
      g.clicks++;
      g.revenue += e.revenue ?? 0;
    }
    groups.set(key(e), g);
  }
  for (const g of groups.values()) {
    g.revenue = Math.round(g.revenue * 100) / 100;
    g.clickThroughRate = g.views === 0 ? 0 : Math.round((g.clicks / g.views) * 10_000) / 10_000;
  }
  return groups;
}

const none: Figures = { views: 0, uniqueVisitors: 0, clicks: 0, clickThroughRate: 0, revenue: 0 };
const percentChange = (current: number, previous: number) => (previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10);
const changeOf = (c: Figures, p: Figures) => ({
  views: percentChange(c.views, p.views),
  uniqueVisitors: percentChange(c.uniqueVisitors, p.uniqueVisitors),
  clicks: percentChange(c.clicks, p.clicks),
  clickThroughRate: percentChange(c.clickThroughRate, p.clickThroughRate),
  revenue: percentChange(c.revenue, p.revenue),
});
const figuresOf = (f: Figures): Figures => ({ views: f.views, uniqueVisitors: f.uniqueVisitors, clicks: f.clicks, clickThroughRate: f.clickThroughRate, revenue: f.revenue });

describe.each(DIALECTS)('comparison with the previous period on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;
  let client: Client;
  let events: EventRow[];

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    key = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    client = await createClient(db, { name: 'Compared', timeZone: ZONE, conversionValue: 0.3 });
    const smartlinkIds = [];
    for (const n of [1, 2]) {
      const link = await createSmartlink(db, { clientId: client.id, slug: `cmp-${n}`, artistName: 'A', trackTitle: `T${n}`, status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
      smartlinkIds.push(link.id);
    }
    // More traffic in the second week than in the first, so the changes are not all zero.
    const generated = [
      ...syntheticEvents({ clientId: client.id, smartlinkIds, from: START, to: START + 6 * 86_400_000, views: 300, seed: 7, conversionValue: 0.3, visitors: 40 }),
      ...syntheticEvents({ clientId: client.id, smartlinkIds, from: START + 6 * 86_400_000, to: END, views: 450, seed: 8, conversionValue: 0.3, visitors: 50 }),
    ];
    for (let b = 0; b < generated.length; b += 101) await storeEvents(t.ctx.database, generated.slice(b, b + 101));
    events = await db.selectFrom('events').selectAll().where('client_id', '=', client.id).execute();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('overview: the same number of days just before, exact in the client’s days, with each change', async () => {
    const body = await get(`/api/v1/analytics/overview?clientId=${client.id}&from=2026-11-06&to=2026-11-12`);
    const current = fromRaw(events, ZONE, '2026-11-06', '2026-11-12').get('') ?? none;
    const previous = fromRaw(events, ZONE, '2026-10-30', '2026-11-05').get('') ?? none;
    expect(previous.views).toBeGreaterThan(100);
    expect(current.views).toBeGreaterThan(previous.views);
    expect(figuresOf(body)).toEqual(current);
    expect(body.previous).toEqual({ range: expect.objectContaining({ from: '2026-10-30', to: '2026-11-05', timeZone: ZONE }), ...previous });
    expect(body.change).toEqual(changeOf(current, previous));
    expect(body.change.views).toBeGreaterThan(0);
  });

  it('one smartlink’s figures against its own period before', async () => {
    const one = events[0]!.smartlink_id;
    const body = await get(`/api/v1/analytics/overview?smartlinkId=${one}&from=2026-11-09&to=2026-11-12`);
    const mine = events.filter((e) => e.smartlink_id === one);
    const previous = fromRaw(mine, ZONE, '2026-11-05', '2026-11-08').get('') ?? none;
    expect(previous.views).toBeGreaterThan(0);
    expect(figuresOf(body.previous)).toEqual(previous);
    expect(body.change).toEqual(changeOf(fromRaw(mine, ZONE, '2026-11-09', '2026-11-12').get('') ?? none, previous));
  });

  it('says nothing changed when there was nothing before (null), and −100 % when nothing is left', async () => {
    const first = await get(`/api/v1/analytics/overview?clientId=${client.id}&from=2026-10-29&to=2026-10-31`);
    expect(first.views).toBeGreaterThan(0); // the evening of 31 October in New York
    expect(first.previous).toMatchObject({ views: 0, clicks: 0, revenue: 0 });
    expect(first.change).toEqual({ views: null, uniqueVisitors: null, clicks: null, clickThroughRate: null, revenue: null });
    const after = await get(`/api/v1/analytics/overview?clientId=${client.id}&from=2026-11-13&to=2026-11-14`);
    expect(after.views).toBe(0);
    expect(after.change.views).toBe(-100);
  });

  it('compares the first days a request may name with the days before them (empty), not a refusal', async () => {
    const body = await get(`/api/v1/analytics/overview?clientId=${client.id}&from=1970-01-01&to=1970-01-03`);
    expect(body.previous).toMatchObject({ range: { from: '1969-12-29', to: '1969-12-31' }, views: 0 });
    expect(body.change.views).toBeNull();
    const master = await get('/api/v1/analytics/clients?from=1970-01-01&to=1970-01-31');
    expect(master.previousRange).toMatchObject({ from: '1969-12-01', to: '1969-12-31' });
  });

  it('master: each client’s figures and the totals against the same UTC days before', async () => {
    const body = await get('/api/v1/analytics/clients?from=2026-11-07&to=2026-11-12');
    expect(body.previousRange).toMatchObject({ from: '2026-11-01', to: '2026-11-06', timeZone: 'UTC' });
    const row = body.clients.find((c: { clientId: string }) => c.clientId === client.id);
    const current = fromRaw(events, 'UTC', '2026-11-07', '2026-11-12').get('') ?? none;
    const previous = fromRaw(events, 'UTC', '2026-11-01', '2026-11-06').get('') ?? none;
    expect(figuresOf(row)).toEqual(current);
    expect(row.previous).toEqual(previous);
    expect(row.change).toEqual(changeOf(current, previous));
    expect(body.totals.previous).toEqual(previous); // the only client with traffic
    expect(body.totals.change).toEqual(changeOf(current, previous));
  });

  it.each([
    ['utm_campaign', (e: EventRow) => e.utm_campaign ?? ''],
    ['channel', (e: EventRow) => e.channel],
  ] as const)('the %s table: views, clicks and click-through of each value, clicks carrying their view’s attribution', async (dimension, keyOf) => {
    const body = await get(`/api/v1/analytics/breakdown/${dimension}?clientId=${client.id}&from=2026-11-01&to=2026-11-12&limit=100`);
    const raw = fromRaw(events, ZONE, '2026-11-01', '2026-11-12', keyOf);
    expect(raw.size).toBeGreaterThan(2);
    const rows = new Map(body.rows.map((r: Figures & { value: string }) => [r.value, figuresOf(r)]));
    expect(rows).toEqual(raw);
    for (const r of body.rows) expect(r.clicks).toBeGreaterThan(0);
  });
});

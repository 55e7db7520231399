// Rollup correctness on every database: what the analytics API answers (from rollups) equals a
// direct computation from the raw events, for clients in four time zones, over windows that cross
// hour and day boundaries and daylight-saving changes; and it stays equal after late
// confirmations, a prefetch being shown, erasures (of events folded or not yet), and a change of
// time zone, to the very rows a rebuild from scratch writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { EventRow } from '../../src/db/schema.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { storeEvents } from '../../src/events/append.js';
import { localTime } from '../../src/analytics/time-zone.js';
import { SMARTLINK_HOURLY_DIMS } from '../../src/analytics/dimensions.js';
import { foldNext, scheduleRebuild } from '../../src/analytics/rollup-folder.js';
import { erase } from '../../src/privacy/erasure.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const ZONES = [
  // zone, window (around its daylight-saving change, or around midnights for zones without one)
  ['UTC', '2026-03-27T20:00:00Z', '2026-03-31T04:00:00Z'],
  ['Europe/Paris', '2026-03-27T20:00:00Z', '2026-03-31T04:00:00Z'],
  ['America/New_York', '2026-03-06T20:00:00Z', '2026-03-10T04:00:00Z'],
  ['Asia/Kolkata', '2026-03-27T12:00:00Z', '2026-03-30T20:00:00Z'],
] as const;

interface Expected {
  views: number;
  uniques: number;
  clicks: number;
  revenue: number;
}

/** The report recomputed from raw events: each event's local date and hour via Intl, no buckets. */
function fromRaw(events: readonly EventRow[], clientId: string, timeZone: string, from: string, to: string) {
  const inRange = events.filter((e) => {
    const date = localTime(e.ts, timeZone).date;
    return e.client_id === clientId && date >= from && date <= to;
  });
  const human = inRange.filter((e) => e.excluded_reason === null);
  const sum = (list: readonly EventRow[]): Expected => ({
    views: list.filter((e) => e.type === 'view').length,
    uniques: list.filter((e) => e.type === 'view' && e.is_unique === 1).length,
    clicks: list.filter((e) => e.type === 'click').length,
    revenue: Math.round(list.filter((e) => e.type === 'click').reduce((n, e) => n + (e.revenue ?? 0), 0) * 100) / 100,
  });
  const groupBy = (list: readonly EventRow[], key: (e: EventRow) => string) => {
    const groups = new Map<string, EventRow[]>();
    for (const e of list) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
    return new Map([...groups].map(([k, v]) => [k, sum(v)]));
  };
  const hourLabel = (ts: number) => {
    const t = localTime(ts, timeZone);
    return `${t.date} ${String(t.hour).padStart(2, '0')}:00`;
  };
  return {
    totals: sum(human),
    byDay: groupBy(human, (e) => localTime(e.ts, timeZone).date),
    byHour: groupBy(human, (e) => hourLabel(e.ts)),
    byCountry: groupBy(human, (e) => e.country ?? ''),
    byCity: groupBy(human, (e) => (e.city ? `${e.country ?? ''}:${e.city}` : '')),
    byService: groupBy(human.filter((e) => e.type === 'click'), (e) => e.service ?? ''),
    bySmartlink: groupBy(human, (e) => e.smartlink_id),
    byUtmCampaign: groupBy(human, (e) => e.utm_campaign ?? ''),
    excluded: groupBy(inRange.filter((e) => e.excluded_reason !== null && e.type !== 'client'), (e) => e.excluded_reason ?? ''),
    performance: {
      humanViews: human.filter((e) => e.type === 'view').length,
      confirmedViews: human.filter((e) => e.type === 'view' && e.client_confirmed_at !== null).length,
      browserViews: inRange.filter((e) => e.type === 'client' && e.service === null).length,
      browserViewsStored: inRange.filter((e) => e.type === 'view' && e.client_confirmed_at !== null).length,
    },
  };
}

type Row = { value: string; views: number; uniqueVisitors: number; clicks: number; revenue: number };
const asMap = (rows: readonly Row[]) => new Map(rows.map((r) => [r.value, { views: r.views, uniques: r.uniqueVisitors, clicks: r.clicks, revenue: r.revenue }]));
const withoutZeros = (m: Map<string, Expected>) => new Map([...m].filter(([, v]) => v.views + v.clicks > 0));

describe.each(DIALECTS)('rollups on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;
  const clients: { client: Client; from: string; to: string; smartlinkIds: string[] }[] = [];
  let events: EventRow[] = [];

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const reload = async () => {
    events = await t.ctx.database.db.selectFrom('events').selectAll().execute();
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    key = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    for (const [i, [timeZone, start, end]] of ZONES.entries()) {
      const client = await createClient(db, { name: `Zone ${timeZone}`, timeZone, conversionValue: 0.25 });
      const smartlinkIds = [];
      for (const n of [1, 2, 3]) {
        const link = await createSmartlink(db, { clientId: client.id, slug: `z${i}-link${n}`, artistName: `Artist ${n}`, trackTitle: 'Song', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
        smartlinkIds.push(link.id);
      }
      const generated = [...syntheticEvents({ clientId: client.id, smartlinkIds, from: Date.parse(start), to: Date.parse(end), views: 400, seed: i + 1, conversionValue: 0.25, visitors: 60 })];
      // In batches, as the writer commits them; confirmations may land before or after their view.
      for (let b = 0; b < generated.length; b += 97) await storeEvents(t.ctx.database, generated.slice(b, b + 97));
      clients.push({ client, from: localTime(Date.parse(start), timeZone).date, to: localTime(Date.parse(end), timeZone).date, smartlinkIds });
    }
    await reload();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  async function expectEqualToRaw(c: (typeof clients)[number]) {
    const q = `clientId=${c.client.id}&from=${c.from}&to=${c.to}`;
    const zone = (await get(`/api/v1/clients/${c.client.id}`)).timeZone as string;
    const raw = fromRaw(events, c.client.id, zone, c.from, c.to);
    expect(raw.totals.views).toBeGreaterThan(100);

    const overview = await get(`/api/v1/analytics/overview?${q}`);
    expect({ views: overview.views, uniques: overview.uniqueVisitors, clicks: overview.clicks, revenue: overview.revenue }).toEqual(raw.totals);
    expect(overview.range).toMatchObject({ from: c.from, to: c.to, timeZone: zone });
    expect(asMap(overview.excluded.byReason.map((r: Row) => ({ ...r, uniqueVisitors: 0, revenue: 0 })))).toEqual(
      new Map([...raw.excluded].map(([k, v]) => [k, { views: v.views, uniques: 0, clicks: v.clicks, revenue: 0 }])),
    );

    const daily = await get(`/api/v1/analytics/timeseries?${q}&interval=day`);
    expect(daily.points.map((p: { label: string }) => p.label)[0]).toBe(c.from);
    expect(withoutZeros(asMap(daily.points.map((p: Row & { label: string }) => ({ ...p, value: p.label }))))).toEqual(raw.byDay);

    const hourly = await get(`/api/v1/analytics/timeseries?${q}&interval=hour`);
    expect(withoutZeros(asMap(hourly.points.map((p: Row & { label: string }) => ({ ...p, value: p.label }))))).toEqual(raw.byHour);

    for (const [dimension, expected] of [['country', raw.byCountry], ['city', raw.byCity], ['service', raw.byService], ['smartlink', raw.bySmartlink], ['utm_campaign', raw.byUtmCampaign]] as const) {
      const res = await get(`/api/v1/analytics/breakdown/${dimension}?${q}&limit=1000`);
      expect(asMap(res.rows), dimension).toEqual(expected);
    }

    const perf = await get(`/api/v1/analytics/performance?${q}`);
    expect(perf.details).toEqual(raw.performance);

    // Drill-down: one smartlink equals the raw events of that smartlink.
    const one = c.smartlinkIds[0] as string;
    const drill = await get(`/api/v1/analytics/overview?${q}&smartlinkId=${one}`);
    const rawOne = fromRaw(events.filter((e) => e.smartlink_id === one), c.client.id, zone, c.from, c.to);
    expect({ views: drill.views, uniques: drill.uniqueVisitors, clicks: drill.clicks, revenue: drill.revenue }).toEqual(rawOne.totals);
  }

  it('answers every report exactly as a recomputation from raw events, in each time zone', async () => {
    for (const c of clients) await expectEqualToRaw(c);
  });

  it('keeps a smartlink’s hour rows only for what is read by hour; its day rows and the client-wide hours keep every dimension', async () => {
    const db = t.ctx.database.db;
    const dims = async (table: 'rollups' | 'rollups_daily', level: 'smartlink' | '*') =>
      new Set((await db.selectFrom(table).select('dim').distinct().where('client_id', '=', clients[0]!.client.id).where('smartlink_id', level === '*' ? '=' : '!=', '*').execute()).map((r) => r.dim));
    const hourly = await dims('rollups', 'smartlink');
    for (const dim of hourly) expect(SMARTLINK_HOURLY_DIMS).toContain(dim);
    for (const dim of ['', 'excluded', 'consent']) expect(hourly.has(dim), `hourly ${dim}`).toBe(true);
    for (const [table, level] of [['rollups_daily', 'smartlink'], ['rollups_daily', '*'], ['rollups', '*']] as const) {
      const kept = await dims(table, level);
      for (const dim of ['', 'excluded', 'consent', 'country', 'city', 'utm_campaign', 'referrer']) expect(kept.has(dim), `${table} ${level} ${dim}`).toBe(true);
    }
  });

  it('stays exact when a confirmation arrives late and a prefetched page is shown', async () => {
    const c = clients[1]!;
    const unconfirmed = events.find((e) => e.client_id === c.client.id && e.type === 'view' && e.excluded_reason === null && e.client_confirmed_at === null)!;
    const prefetched = events.find((e) => e.client_id === c.client.id && e.type === 'view' && e.excluded_reason === 'prefetch')!;
    const before = await get(`/api/v1/analytics/overview?clientId=${c.client.id}&from=${c.from}&to=${c.to}`);
    const confirm = (view: EventRow, at: number): TrackedEvent => ({
      ...(view as unknown as TrackedEvent), event_id: `${view.event_id.slice(0, 30)}ffffff`, type: 'client', service: null, ts: at,
      client_confirmed_at: at, client_tags: '{}', client_consent: 'not_required', confirms: view.event_id, excluded_reason: null, excluded_detail: null,
    });
    await storeEvents(t.ctx.database, [confirm(unconfirmed, unconfirmed.ts + 3_600_000), confirm(prefetched, prefetched.ts + 1_000)]);
    await reload();
    expect(events.find((e) => e.event_id === prefetched.event_id)?.excluded_reason).toBeNull();
    const after = await get(`/api/v1/analytics/overview?clientId=${c.client.id}&from=${c.from}&to=${c.to}`);
    expect(after.views).toBe(before.views + 1);
    await expectEqualToRaw(c);
  });

  it('stays exact when events are confirmed or erased, counted earlier or just now, and equals a rebuild', async () => {
    const c = clients[2]!;
    const db = t.ctx.database.db;
    await get(`/api/v1/analytics/overview?clientId=${c.client.id}&from=${c.from}&to=${c.to}`); // everything folded
    const humanViews = (list: readonly EventRow[]) => list.filter((e) => e.client_id === c.client.id && e.type === 'view' && e.excluded_reason === null && e.client_confirmed_at === null);
    const [folded1, folded2, folded3] = humanViews(events);
    const start = Date.parse(ZONES[2][1]);
    const fresh = [...syntheticEvents({ clientId: c.client.id, smartlinkIds: c.smartlinkIds, from: start, to: start + 7_200_000, views: 40, seed: 99, conversionValue: 0.25, visitors: 10 })];
    await storeEvents(t.ctx.database, fresh); // counted as they are stored
    await reload();
    const [fresh1, fresh2] = humanViews(events).filter((e) => fresh.some((f) => f.event_id === e.event_id));
    const confirm = (view: EventRow, suffix: string): TrackedEvent => ({
      ...(view as unknown as TrackedEvent), event_id: `${view.event_id.slice(0, 30)}${suffix}`, type: 'client', service: null, ts: view.ts + 2_000,
      client_confirmed_at: view.ts + 2_000, client_tags: '{"ga4":"loaded"}', client_consent: 'granted', confirms: view.event_id, excluded_reason: null, excluded_detail: null,
    });
    // confirmed: views counted earlier or just now (their old values out, new ones in), one that is then erased
    await storeEvents(t.ctx.database, [confirm(folded1!, 'eeeee1'), confirm(fresh1!, 'eeeee2'), confirm(folded3!, 'eeeee3')]);
    for (const view of [folded2!, fresh2!, folded3!]) await erase(t.ctx.database, c.client.id, { eventId: view.event_id });
    await reload();
    expect(events.find((e) => e.event_id === folded1!.event_id)?.client_consent).toBe('granted');
    expect(events.some((e) => [folded2, fresh2, folded3].some((gone) => gone!.event_id === e.event_id))).toBe(false);
    await expectEqualToRaw(c);

    const rows = async () => Promise.all((['rollups', 'rollups_daily'] as const).map((table) => db.selectFrom(table).selectAll().where('client_id', '=', c.client.id).orderBy(['smartlink_id', 'dim', 'bucket', 'value']).execute()));
    const incremental = await rows();
    await db.transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, c.client.id));
    await t.ctx.rollups.fold();
    expect(await rows()).toEqual(incremental);
  });

  it('stays exact when events are stored, confirmed and erased on both sides of a half-done rebuild', async () => {
    const c = clients[3]!;
    const db = t.ctx.database.db;
    await db.transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, c.client.id));
    expect(await foldNext(t.ctx.database, 300)).toMatchObject({ events: 300 });
    const mark = await db.selectFrom('rollup_rebuilds').selectAll().where('client_id', '=', c.client.id).executeTakeFirstOrThrow();
    const folded = (e: EventRow) => e.ts < Number(mark.after_ts) || (e.ts === Number(mark.after_ts) && e.event_id <= mark.after_event_id);
    const views = events.filter((e) => e.client_id === c.client.id && e.type === 'view' && e.excluded_reason === null && e.client_confirmed_at === null);
    const [before1, before2] = views.filter(folded);
    const [after1, after2] = views.filter((e) => !folded(e));
    // new events on both sides of the watermark (a spool replayed late, and live traffic)
    const start = Date.parse(ZONES[3][1]);
    await storeEvents(t.ctx.database, [...syntheticEvents({ clientId: c.client.id, smartlinkIds: c.smartlinkIds, from: start, to: start + 86_400_000, views: 60, seed: 7, conversionValue: 0.25, visitors: 20 })]);
    const confirm = (view: EventRow): TrackedEvent => ({
      ...(view as unknown as TrackedEvent), event_id: `${view.event_id.slice(0, 30)}dddddd`, type: 'client', service: null, ts: view.ts + 1_000,
      client_confirmed_at: view.ts + 1_000, client_tags: '{}', client_consent: 'granted', confirms: view.event_id, excluded_reason: null, excluded_detail: null,
    });
    await storeEvents(t.ctx.database, [confirm(before1!), confirm(after1!)]);
    for (const view of [before2!, after2!]) await erase(t.ctx.database, c.client.id, { eventId: view.event_id });
    await reload();
    expect(await db.selectFrom('rollup_rebuilds').selectAll().where('client_id', '=', c.client.id).execute()).toHaveLength(1);
    await expectEqualToRaw(c); // its reports fold the rest first

    const rows = async () => Promise.all((['rollups', 'rollups_daily'] as const).map((table) => db.selectFrom(table).selectAll().where('client_id', '=', c.client.id).orderBy(['smartlink_id', 'dim', 'bucket', 'value']).execute()));
    const incremental = await rows();
    await db.transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, c.client.id));
    await t.ctx.rollups.fold();
    expect(await rows()).toEqual(incremental);
  });

  it('rebuilds a client’s rollups when its time zone moves its hours, and stays exact', async () => {
    const c = clients[0]!;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${c.client.id}`, headers: { authorization: `Bearer ${key}` }, payload: { timeZone: 'Asia/Kathmandu' } });
    expect(res.statusCode, res.body).toBe(200);
    const rebuilding = await t.ctx.database.db.selectFrom('rollup_rebuilds').selectAll().where('client_id', '=', c.client.id).execute();
    expect(rebuilding).toHaveLength(1);
    await expectEqualToRaw(c);
    const buckets = await t.ctx.database.db.selectFrom('rollups').select('bucket').where('client_id', '=', c.client.id).execute();
    expect(buckets.every((b) => Number(b.bucket) % 3_600_000 === 15 * 60_000)).toBe(true); // Kathmandu hours start at :15 UTC
  });

  it('refuses an unknown time zone, or one without whole local hours', async () => {
    for (const timeZone of ['Mars/Olympus', 'Australia/Lord_Howe']) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${clients[0]!.client.id}`, headers: { authorization: `Bearer ${key}` }, payload: { timeZone } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('timeZone');
    }
  });

  it('aggregates every client for master, and leaves no rebuild pending once folded', async () => {
    const all = await get('/api/v1/analytics/overview?from=2026-03-01&to=2026-03-31');
    const human = events.filter((e) => e.excluded_reason === null);
    expect(all.views).toBe(human.filter((e) => e.type === 'view').length);
    expect(all.clicks).toBe(human.filter((e) => e.type === 'click').length);
    const left = await t.ctx.database.db.selectFrom('rollup_rebuilds').selectAll().execute();
    expect(left).toEqual([]);
  });
});

// The retention purge on every database: two clients with different windows (one in a zone whose
// hours start at :30), events just inside and just outside each window, small batches. It deletes
// exactly the events older than each window, the rollups of the hours it empties, and first-view
// claims older than 48 h; the rollups then equal a recomputation from the remaining events; a dry
// run counts the same and changes nothing; a running node purges on its own.
import { readFile } from 'node:fs/promises';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../src/analytics/time-zone.js';
import { scheduleRebuild } from '../../src/analytics/rollup-folder.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { EventRow } from '../../src/db/schema.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { purgeExpired, type PurgeResult } from '../../src/privacy/retention.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { storeEvents } from '../../src/events/append.js';
import { ensurePartitions, partitionNames } from '../../src/events/partitions.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T10:20:00Z'); // mid-hour: the hour holding each cutoff keeps some events

describe.each(DIALECTS)('retention purge on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;
  let short: { client: Client; link: string; cutoff: number }; // 30 days, UTC
  let long: { client: Client; link: string; cutoff: number }; // 90 days, Asia/Kolkata (hours start at :30 UTC)
  let before: EventRow[];
  let dryRun: PurgeResult;

  const db = () => t.ctx.database.db;
  const cutoffOf = (clientId: string) => (clientId === short.client.id ? short.cutoff : clientId === long.client.id ? long.cutoff : -Infinity);
  const allEvents = () => db().selectFrom('events').selectAll().orderBy('event_id').execute();
  const levelRows = (table: 'rollups' | 'rollups_daily') => db().selectFrom(table).selectAll().orderBy('client_id').orderBy('smartlink_id').orderBy('dim').orderBy('bucket').orderBy('value').execute();
  const allRollups = async () => ({ hours: await levelRows('rollups'), days: await levelRows('rollups_daily') });
  const allClaims = () => db().selectFrom('visitor_days').selectAll().orderBy('visitor_id').orderBy('smartlink_id').execute();
  const allRebuilds = () => db().selectFrom('rollup_rebuilds').selectAll().orderBy('client_id').execute();
  const allSalts = () => db().selectFrom('salts').selectAll().orderBy('day').execute();
  const snapshot = async () => ({ events: await allEvents(), rollups: await allRollups(), claims: await allClaims(), rebuilds: await allRebuilds(), salts: await allSalts() });

  /** A human view at exactly `ts`, from a visitor of its own. */
  const viewAt = (clientId: string, smartlinkId: string, ts: number, visitor: string): TrackedEvent => {
    const [base] = syntheticEvents({ clientId, smartlinkIds: [smartlinkId], from: ts, to: ts + 1, views: 1, seed: 7 });
    return { ...(base as TrackedEvent), event_id: uuidv7({ msecs: ts }), type: 'view', service: null, ts, excluded_reason: null, excluded_detail: null, visitor_id: visitor };
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0' });
    key = (await createApiKey(db(), { clientId: null, name: 'master' })).key;
    const setUp = async (name: string, retentionDays: number, timeZone: string, slug: string) => {
      const client = await createClient(db(), { name, timeZone, settings: { analyticsRetentionDays: retentionDays }, conversionValue: 0.5 });
      const link = await createSmartlink(db(), { clientId: client.id, slug, artistName: 'Artist', trackTitle: 'Song', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
      return { client, link: link.id, cutoff: NOW - retentionDays * DAY };
    };
    short = await setUp('Short Label', 30, 'UTC', 'short-song');
    long = await setUp('Long Label', 90, 'Asia/Kolkata', 'long-song');

    const events: TrackedEvent[] = [];
    const around = (c: typeof short, center: number, days: number, seed: number) =>
      events.push(...syntheticEvents({ clientId: c.client.id, smartlinkIds: [c.link], from: center - days * DAY, to: center + days * DAY, views: 300, seed, conversionValue: 0.5, visitors: 40 }));
    around(short, short.cutoff, 2, 1);
    around(short, long.cutoff, 1, 2); // far beyond the short window
    around(long, long.cutoff, 2, 3);
    around(long, short.cutoff, 1, 4); // inside the long window
    for (const c of [short, long]) {
      for (const [offset, name] of [[-1, 'out-1ms'], [-10 * 60_000, 'out-10min'], [0, 'in-0'], [1, 'in-1ms']] as const) {
        events.push(viewAt(c.client.id, c.link, c.cutoff + offset, `${name}-${c.client.id}`));
      }
    }
    events.sort((x, y) => x.ts - y.ts);
    for (let i = 0; i < events.length; i += 101) await storeEvents(t.ctx.database, events.slice(i, i + 101));
    await t.ctx.rollups.fold();
    // First-view claims: the events above made old ones; these straddle the 48-hour line.
    await db().insertInto('visitor_days').values([
      { visitor_id: 'claim-49h', smartlink_id: short.link, ts: NOW - 48 * HOUR - 1 },
      { visitor_id: 'claim-48h', smartlink_id: short.link, ts: NOW - 48 * HOUR },
      { visitor_id: 'claim-1h', smartlink_id: long.link, ts: NOW - HOUR },
    ]).execute();
    await db().insertInto('salts').values({ day: '2026-11-18', salt: 'left-over' }).execute();
    before = await allEvents();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const expectedFor = async (c: typeof short) => {
    const rollups = await db().selectFrom('rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', c.client.id).where('bucket', '<=', c.cutoff - HOUR).executeTakeFirstOrThrow();
    return {
      clientId: c.client.id,
      name: c.client.name,
      retentionDays: c.client.settings.analyticsRetentionDays,
      cutoff: c.cutoff,
      events: before.filter((e) => e.client_id === c.client.id && e.ts < c.cutoff).length,
      rollups: Number(rollups.n),
    };
  };

  it('counts in a dry run what is beyond each window, and changes nothing', async () => {
    const state = await snapshot();
    dryRun = await purgeExpired(t.ctx.database, { now: NOW, dryRun: true });
    expect(await snapshot()).toEqual(state);

    const byId = new Map(dryRun.clients.map((c) => [c.clientId, c]));
    for (const c of [short, long]) {
      const expected = await expectedFor(c);
      expect(byId.get(c.client.id)).toEqual(expected);
      expect(expected.events).toBeGreaterThan(100);
      expect(expected.rollups).toBeGreaterThan(100);
    }
    expect(dryRun.clients.find((c) => c.name === 'Duotrack Demo Records')).toMatchObject({ retentionDays: 395, events: 0, rollups: 0 });
    expect(dryRun.visitorDays).toBe(state.claims.filter((c) => c.ts < NOW - 48 * HOUR).length);
    expect(dryRun.salts).toBe(1);
  });

  it('deletes exactly the events older than each client’s window, in small batches', async () => {
    const result = await purgeExpired(t.ctx.database, { now: NOW, batchSize: 50 });
    expect(result.dryRun).toBe(false);
    expect(result.clients.map((c) => [c.clientId, c.events, c.rollups])).toEqual(dryRun.clients.map((c) => [c.clientId, c.events, c.rollups]));
    expect(result.visitorDays).toBe(dryRun.visitorDays);
    expect(result.salts).toBe(1);

    const after = await allEvents();
    expect(after.map((e) => e.event_id)).toEqual(before.filter((e) => e.ts >= cutoffOf(e.client_id)).map((e) => e.event_id));
    const visitors = new Set(after.map((e) => e.visitor_id));
    for (const c of [short, long]) {
      expect(visitors.has(`in-0-${c.client.id}`) && visitors.has(`in-1ms-${c.client.id}`), 'just inside stays').toBe(true);
      expect(visitors.has(`out-1ms-${c.client.id}`) || visitors.has(`out-10min-${c.client.id}`), 'just outside goes').toBe(false);
    }
    // The long window keeps the events around the short one's cutoff.
    expect(after.filter((e) => e.client_id === long.client.id && e.ts < short.cutoff).length).toBeGreaterThan(50);

    const claims = await allClaims();
    expect(claims.every((c) => c.ts >= NOW - 48 * HOUR)).toBe(true);
    expect(claims.map((c) => c.visitor_id).sort()).toEqual(['claim-1h', 'claim-48h']);
    expect((await allSalts()).map((s) => s.day)).not.toContain('2026-11-18');
  });

  it('leaves rollups equal to a recomputation from the remaining events', async () => {
    // Whole hours before the cutoff went at once; the events purged from the hour holding it were taken out of it.
    for (const c of [short, long]) {
      const old = await db().selectFrom('rollups').select('bucket').where('client_id', '=', c.client.id).where('bucket', '<=', c.cutoff - HOUR).execute();
      expect(old).toEqual([]);
      const oldDays = await db().selectFrom('rollups_daily').select('bucket').where('client_id', '=', c.client.id).where('bucket', '<=', c.cutoff - DAY).execute();
      expect(oldDays).toEqual([]); // whole days before the cutoff's
      const cutoffDay = await db().selectFrom('rollups_daily').select('bucket').where('client_id', '=', c.client.id).where('bucket', '>', c.cutoff - DAY).where('bucket', '<=', c.cutoff).execute();
      expect(cutoffDay.length).toBeGreaterThan(0); // the day holding the cutoff keeps what remains of it
    }
    const cutoffBucket = Date.parse('2026-08-22T09:30:00Z'); // the long client's local hour holding its cutoff (10:20 UTC)
    const viewsIn = async (bucket: number) =>
      (await db().selectFrom('rollups').select('views').where('client_id', '=', long.client.id).where('smartlink_id', '=', '*').where('dim', '=', '').where('bucket', '=', bucket).executeTakeFirst())?.views ?? 0;
    const folded = await allRollups();
    const remaining = await allEvents();
    const humanViews = (list: readonly EventRow[], from: number, to: number) => list.filter((e) => e.client_id === long.client.id && e.type === 'view' && e.excluded_reason === null && e.ts >= from && e.ts < to).length;
    expect(await viewsIn(cutoffBucket)).toBe(humanViews(remaining, cutoffBucket, cutoffBucket + HOUR));
    expect(await viewsIn(cutoffBucket)).toBeLessThan(humanViews(before, cutoffBucket, cutoffBucket + HOUR));
    expect(await allRebuilds()).toEqual([]);

    // A full rebuild of both clients from their raw events gives the very same rows.
    for (const c of [short, long]) await db().transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, c.client.id));
    await t.ctx.rollups.fold();
    expect(await allRollups()).toEqual(folded);

    // And the API's report over both windows matches a direct count.
    for (const c of [short, long]) {
      const zone = c.client.timeZone;
      const from = localTime(long.cutoff - 3 * DAY, zone).date;
      const to = localTime(short.cutoff + 3 * DAY, zone).date;
      const res = await t.app.inject({ url: `/api/v1/analytics/overview?clientId=${c.client.id}&from=${from}&to=${to}`, headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode, res.body).toBe(200);
      const human = remaining.filter((e) => e.client_id === c.client.id && e.excluded_reason === null);
      expect(res.json()).toMatchObject({
        views: human.filter((e) => e.type === 'view').length,
        uniqueVisitors: human.filter((e) => e.type === 'view' && e.is_unique === 1).length,
        clicks: human.filter((e) => e.type === 'click').length,
      });
    }
  });

  it('finds nothing left on a second run', async () => {
    const again = await purgeExpired(t.ctx.database, { now: NOW });
    expect(again.clients.every((c) => c.events === 0 && c.rollups === 0)).toBe(true);
    expect(again).toMatchObject({ visitorDays: 0, salts: 0 });
  });

  it('leaves consistent rollups when stopped between two batches', async () => {
    const later = NOW + 2 * DAY; // the short window now ends after every event it kept
    let reads = 0;
    const stopsSoon = { get aborted() { return ++reads > 3; } } as AbortSignal; // after two batches
    const result = await purgeExpired(t.ctx.database, { now: later, batchSize: 37, signal: stopsSoon });
    const deleted = result.clients.find((c) => c.clientId === short.client.id)?.events ?? 0;
    const left = (await allEvents()).filter((e) => e.client_id === short.client.id && e.ts < short.cutoff + 2 * DAY);
    expect(deleted).toBeGreaterThan(0);
    expect(left.length).toBeGreaterThan(0); // stopped half way

    await t.ctx.rollups.fold();
    const folded = await allRollups();
    await db().transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, short.client.id));
    await t.ctx.rollups.fold();
    expect(await allRollups()).toEqual(folded);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('retention purge by month partitions on postgres', () => {
  it('drops the months wholly past their clients’ cutoffs, deletes the rest row by row, and leaves rollups equal to a rebuild', async () => {
    const database = await createTestDatabase('postgres');
    const t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0' });
    try {
      const db = t.ctx.database.db;
      const setUp = async (name: string, retentionDays: number, timeZone: string, slug: string) => {
        const client = await createClient(db, { name, timeZone, settings: { analyticsRetentionDays: retentionDays } });
        const link = await createSmartlink(db, { clientId: client.id, slug, artistName: 'Artist', trackTitle: 'Song', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
        return { client, link: link.id, cutoff: NOW - retentionDays * DAY };
      };
      const a = await setUp('Months A', 30, 'UTC', 'months-a'); // cutoff 21 October
      const b = await setUp('Months B', 60, 'Asia/Kolkata', 'months-b'); // cutoff 21 September
      await ensurePartitions(t.ctx.database, Date.UTC(2026, 6, 1)); // July to October
      const span = (c: typeof a, from: string, to: string, seed: number) =>
        [...syntheticEvents({ clientId: c.client.id, smartlinkIds: [c.link], from: Date.parse(from), to: Date.parse(to), views: 250, seed, visitors: 30 })];
      // July: A's alone; August: A's and B's, all before their cutoffs; September: B's straddle B's cutoff.
      const events = [...span(a, '2026-07-03', '2026-08-31', 1), ...span(b, '2026-08-10', '2026-09-30', 2), ...span(a, '2026-10-10', '2026-10-30', 3)].sort((x, y) => x.ts - y.ts);
      for (let i = 0; i < events.length; i += 200) await storeEvents(t.ctx.database, events.slice(i, i + 200));
      await t.ctx.rollups.fold();
      const before = await db.selectFrom('events').select(['event_id', 'client_id', 'ts']).orderBy('event_id').execute();
      const cutoffOf = (clientId: string) => (clientId === a.client.id ? a.cutoff : b.cutoff);
      const partitions = async () => (await partitionNames(db)).sort();
      expect(await partitions()).toEqual(expect.arrayContaining(['events_2026_07', 'events_2026_08', 'events_2026_09']));

      const dry = await purgeExpired(t.ctx.database, { now: NOW, dryRun: true });
      const result = await purgeExpired(t.ctx.database, { now: NOW, batchSize: 100 });

      const left = await partitions();
      expect(left).not.toContain('events_2026_07');
      expect(left).not.toContain('events_2026_08');
      expect(left).toContain('events_2026_09'); // B keeps some of it
      expect(left).toContain('events_2026_11'); // made by the purge: the months ahead of `now`
      const after = await db.selectFrom('events').select(['event_id', 'client_id', 'ts']).orderBy('event_id').execute();
      expect(after).toEqual(before.filter((e) => e.ts >= cutoffOf(e.client_id)));
      for (const c of [a, b]) {
        const expected = before.filter((e) => e.client_id === c.client.id && e.ts < c.cutoff).length;
        expect(expected).toBeGreaterThan(100);
        expect(result.clients.find((r) => r.clientId === c.client.id)?.events).toBe(expected);
        expect(result.clients.find((r) => r.clientId === c.client.id)).toEqual(dry.clients.find((r) => r.clientId === c.client.id));
      }

      const rollups = async () => ({
        hours: await db.selectFrom('rollups').selectAll().orderBy('client_id').orderBy('smartlink_id').orderBy('dim').orderBy('bucket').orderBy('value').execute(),
        days: await db.selectFrom('rollups_daily').selectAll().orderBy('client_id').orderBy('smartlink_id').orderBy('dim').orderBy('bucket').orderBy('value').execute(),
      });
      const kept = await rollups();
      for (const c of [a, b]) await db.transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, c.client.id));
      await t.ctx.rollups.fold();
      expect(await rollups()).toEqual(kept);
      expect(kept.hours.some((r) => r.client_id === b.client.id)).toBe(true);
    } finally {
      await t.close();
      await database.cleanup();
    }
  });
});

describe.each(DIALECTS)('periodic purge on %s', (dialect) => {
  it('runs every PURGE_INTERVAL_MS on a running node and logs what it deleted', async () => {
    const database = await createTestDatabase(dialect);
    const t = await startTestApp(database, { PURGE_INTERVAL_MS: '50', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    try {
      const demo = await t.ctx.database.db.selectFrom('smartlinks').select(['id', 'client_id']).where('slug', '=', 'demo').executeTakeFirstOrThrow();
      const from = Date.now() - 400 * DAY; // beyond the demo's 395 days
      const old = [...syntheticEvents({ clientId: demo.client_id, smartlinkIds: [demo.id], from, to: from + HOUR, views: 20, seed: 5 })];
      await storeEvents(t.ctx.database, old);
      await expect.poll(async () => (await t.ctx.database.db.selectFrom('events').select('event_id').execute()).length, { timeout: 5_000 }).toBe(0);
      await t.close();
      const lines = (await readFile(t.logFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; purge?: { events: number; clients: { clientId: string; events: number }[] } });
      const logged = lines.filter((l) => l.msg === 'retention purge');
      expect(logged.reduce((n, l) => n + (l.purge?.events ?? 0), 0)).toBe(old.length);
      // (A run that started before the events were stored may have logged only their first-view claims.)
      expect(logged.filter((l) => (l.purge?.events ?? 0) > 0).flatMap((l) => l.purge?.clients.map((c) => c.clientId))).toContain(demo.client_id);
      expect(lines.filter((l) => l.msg === 'retention purge failed')).toEqual([]);
    } finally {
      await t.close();
      await database.cleanup();
    }
  });
});

describe.each(DIALECTS)('purge of settled deliveries on %s', (dialect) => {
  it('deletes deliveries settled more than 7 days ago, keeps the recent and the pending ones', async () => {
    const database = await createTestDatabase(dialect);
    const t = await startTestApp(database, { PURGE_INTERVAL_MS: '0', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0', DELIVERY_INTERVAL_MS: '0' });
    try {
      const now = Date.now();
      const row = (id: string, state: 'pending' | 'sent' | 'dead', doneAt: number | null) => ({
        id, client_id: 'c', destination: 'meta', payload: '{}', state, attempts: 1, next_attempt_at: now, leased_until: null, last_error: null, created_at: now - 30 * DAY, done_at: doneAt,
      });
      await t.ctx.database.db.insertInto('deliveries').values([row('old-sent', 'sent', now - 8 * DAY), row('old-dead', 'dead', now - 8 * DAY), row('recent', 'sent', now - 6 * DAY), row('waiting', 'pending', null)]).execute();
      expect((await purgeExpired(t.ctx.database, { now, dryRun: true })).deliveries).toBe(2);
      expect((await purgeExpired(t.ctx.database, { now })).deliveries).toBe(2);
      expect((await t.ctx.database.db.selectFrom('deliveries').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['recent', 'waiting']);
    } finally {
      await t.close();
      await database.cleanup();
    }
  });
});

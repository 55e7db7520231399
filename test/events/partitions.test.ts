// `events` partitioned by month of event id on PostgreSQL (0022, src/events/partitions.ts): the
// upgrade moves every event into its month, storing stays exactly once (event ids, and one
// confirmation per event across partitions), partitions are added ahead by any number of nodes at
// once, rows that went to the default partition move into their month when it is added, and
// retention finds and drops exactly the months wholly past their clients' cutoffs. SQLite: nothing.
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { insertMany, type InsertMany } from '../../src/db/insert-many.js';
import { migrateToLatest, migrator } from '../../src/db/migrate.js';
import type { NewEventRow, Schema } from '../../src/db/schema.js';
import { EVENT_COLUMNS } from '../../src/events/columns.js';
import { DEFAULT_PARTITION, droppablePartitions, dropPartition, ensurePartitions, firstIdAt, MONTHS_AHEAD, monthOf, partitionOf, type Cutoff } from '../../src/events/partitions.js';
import { uuidv7Time } from '../../src/tracking/view-token.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const DAY = 86_400_000;
const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

// The event store's own statement (src/events/append.ts).
const STORE: InsertMany<NewEventRow> = { table: 'events', columns: [...EVENT_COLUMNS], suffix: 'on conflict do nothing returning event_id' };
const rowsOf = (events: readonly TrackedEvent[]): NewEventRow[] => events.map((e) => ({ ...e, is_unique: 0 }));
/** Stores these events as the event store does; returns the ids stored, sorted. */
const store = async (db: Kysely<Schema>, events: readonly TrackedEvent[]) =>
  (await insertMany<NewEventRow, { event_id: string }>(db, 'postgres', STORE, rowsOf(events))).map((r) => r.event_id).sort();

const opened: { test: TestDatabase; databases: Database[] }[] = [];
afterEach(async () => {
  for (const { test, databases } of opened.splice(0)) {
    for (const d of databases) await d.close();
    await test.cleanup();
  }
});

/** A fresh schema on `dialect`, migrated up to `to` (default: all); `connections` pools on it. */
async function freshDatabase(dialect: 'sqlite' | 'postgres', to?: string, connections = 1): Promise<Database[]> {
  const test = await createTestDatabase(dialect);
  const databases = Array.from({ length: connections }, () => openDatabase(test.url));
  opened.push({ test, databases });
  const first = databases[0] as Database;
  if (to) expect((await migrator(first).migrateTo(to)).error).toBeUndefined();
  else await migrateToLatest(first);
  return databases;
}

function events(clientId: string, from: number, to: number, views: number, seed = 1): TrackedEvent[] {
  return [...syntheticEvents({ clientId, smartlinkIds: [`${clientId}-link`], from, to, views, seed })];
}

/** A stored view and its browser confirmation, at `ms`. */
function viewAndConfirmation(ms: number, clientId = 'client-a'): [TrackedEvent, TrackedEvent] {
  const [view] = events(clientId, ms, ms + 1, 1);
  const v = { ...(view as TrackedEvent), event_id: uuidv7({ msecs: ms }), ts: ms };
  return [v, confirmationOf(v, ms + 1000)];
}

function confirmationOf(event: TrackedEvent, ms: number): TrackedEvent {
  return { ...event, event_id: uuidv7({ msecs: ms }), type: 'client', ts: ms, client_confirmed_at: ms, client_tags: '{}', client_consent: 'granted', confirms: event.event_id };
}

const partitionOfRow = async (db: Kysely<Schema>, eventId: string) =>
  (await sql<{ p: string }>`select tableoid::regclass::text as p from events where event_id = ${eventId}`.execute(db)).rows[0]?.p;

const partitionNames = async (db: Kysely<Schema>) =>
  (await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass order by 1`.execute(db)).rows.map((r) => r.name);

const allRows = (db: Kysely<Schema>) => db.selectFrom('events').selectAll().orderBy('event_id').execute();

/** Every claim in event_confirmations is a stored confirmation's, and every stored confirmation holds one. */
async function expectClaimsMatchConfirmations(db: Kysely<Schema>): Promise<void> {
  const claims = await sql<{ confirms: string; event_id: string }>`select confirms, event_id from event_confirmations order by confirms`.execute(db);
  const confirmations = await db.selectFrom('events').select(['confirms', 'event_id']).where('confirms', 'is not', null).orderBy('confirms').execute();
  expect(claims.rows).toEqual(confirmations);
}

describe.skipIf(!DIALECTS.includes('postgres'))('events partitioned by month on postgres', () => {
  it('the upgrade moves every event into the partition of its id month; ids of no month partition into the default', async () => {
    const [database] = (await freshDatabase('postgres', '0021_rollup_rebuilds')) as [Database];
    const db = database.db;
    const march = events('client-a', at(2026, 3, 3), at(2026, 3, 28), 120, 1);
    const may = events('client-b', at(2026, 5, 3), at(2026, 5, 28), 120, 2);
    const legacy = { ...(march[0] as TrackedEvent), event_id: 'legacy-0001', confirms: null };
    const farFuture = { ...(may[0] as TrackedEvent), event_id: uuidv7({ msecs: at(2031, 1, 15) }), confirms: null };
    const before = [...march, ...may, legacy, farFuture];
    for (let i = 0; i < before.length; i += 200) await insertMany(db, 'postgres', { ...STORE, suffix: '' }, rowsOf(before.slice(i, i + 200)));
    const rowsBefore = await allRows(db);

    await migrateToLatest(database);

    expect(await allRows(db)).toEqual(rowsBefore);
    const current = monthOf(Date.now());
    expect(await partitionNames(db)).toEqual([
      'events_2026_03', 'events_2026_05',
      ...Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => partitionOf(current + i).name),
      DEFAULT_PARTITION,
    ].sort());
    const placed = await sql<{ event_id: string; p: string }>`select event_id, tableoid::regclass::text as p from events`.execute(db);
    for (const { event_id, p } of placed.rows) {
      const expected = event_id === legacy.event_id || event_id === farFuture.event_id ? DEFAULT_PARTITION : partitionOf(monthOf(uuidv7Time(event_id))).name;
      expect(p, event_id).toBe(expected);
    }
    await expectClaimsMatchConfirmations(db);
    const indexes = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = 'events' order by 1`.execute(db);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['events_client_ts', 'events_confirms', 'events_pkey', 'events_smartlink_ts']);
    expect(indexes.rows.find((r) => r.indexname === 'events_confirms')?.indexdef).not.toContain('UNIQUE');
  });

  it('the upgrade of an empty database makes the current and next months and the default; new events land in their month', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    const current = monthOf(Date.now());
    expect(await partitionNames(database.db)).toEqual([...Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => partitionOf(current + i).name), DEFAULT_PARTITION].sort());
    const [view, confirmation] = viewAndConfirmation(Date.now());
    expect(await store(database.db, [view, confirmation])).toEqual([view.event_id, confirmation.event_id].sort());
    expect(await partitionOfRow(database.db, view.event_id)).toBe(partitionOf(current).name);
  });

  it('a month partition holds exactly the ids from the first UUIDv7 of its month to the first of the next', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    const june = partitionOf(monthOf(at(2030, 6, 10)));
    await ensurePartitions(database, june.from - DAY); // May to August
    const ids = { lastOfMay: uuidv7({ msecs: june.from - 1 }), firstOfJune: firstIdAt(june.from), lastOfJune: uuidv7({ msecs: june.to - 1 }), firstOfJuly: firstIdAt(june.to) };
    const [template] = events('client-a', june.from, june.to, 1);
    await store(database.db, Object.values(ids).map((event_id) => ({ ...(template as TrackedEvent), event_id, confirms: null })));
    expect(await partitionOfRow(database.db, ids.lastOfMay)).toBe('events_2030_05');
    expect(await partitionOfRow(database.db, ids.firstOfJune)).toBe('events_2030_06');
    expect(await partitionOfRow(database.db, ids.lastOfJune)).toBe('events_2030_06');
    expect(await partitionOfRow(database.db, ids.firstOfJuly)).toBe('events_2030_07');
  });

  it('stores each event id once, and a lookup by id reads one partition', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    const batch = events('client-a', Date.now() - DAY, Date.now(), 50);
    expect(await store(database.db, batch)).toEqual(batch.map((e) => e.event_id).sort());
    expect(await store(database.db, batch)).toEqual([]); // a spool replayed
    const moved = batch.map((e) => ({ ...e, ts: e.ts + 5000 })); // the same ids, another ts
    expect(await store(database.db, moved)).toEqual([]);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select * from events where event_id = ${(batch[0] as TrackedEvent).event_id}`.execute(database.db);
    const scanned = plan.rows.map((r) => r['QUERY PLAN']).filter((line) => / on events_/.test(line));
    expect(scanned).toHaveLength(1);
  });

  it('stores one confirmation per event, even when a second one comes in another month', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    await ensurePartitions(database, at(2030, 1, 10));
    const endOfJanuary = at(2030, 2, 1) - 30_000;
    const [view, first] = viewAndConfirmation(endOfJanuary);
    const second = confirmationOf(view, at(2030, 2, 1) + 5_000); // a retried beacon, past midnight of the month's end
    expect(await store(database.db, [view, first])).toEqual([view.event_id, first.event_id].sort());
    expect(await store(database.db, [second])).toEqual([]);
    expect(await store(database.db, [first])).toEqual([]); // a replay of the stored one
    expect(await database.db.selectFrom('events').select('event_id').where('confirms', '=', view.event_id).execute()).toEqual([{ event_id: first.event_id }]);
    await expectClaimsMatchConfirmations(database.db);

    // Deleting a confirmation releases its event (as deleting a row did with the unique index).
    await database.db.deleteFrom('events').where('event_id', '=', first.event_id).execute();
    expect(await store(database.db, [second])).toEqual([second.event_id]);
    expect(await partitionOfRow(database.db, second.event_id)).toBe('events_2030_02');
    await expectClaimsMatchConfirmations(database.db);
  });

  it('of two confirmations of one event stored at once, the second waits for the first: skipped if it commits, stored if it rolls back', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    for (const outcome of ['commit', 'rollback'] as const) {
      const [view, first] = viewAndConfirmation(Date.now());
      const second = confirmationOf(view, Date.now() + 2000);
      await store(database.db, [view]);
      let inserted!: () => void;
      const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const firstTransaction = database.db.transaction().execute(async (trx) => {
        await store(trx, [first]);
        inserted();
        await finished;
        if (outcome === 'rollback') throw new Error('rolled back');
      });
      await firstInserted;
      let secondDone = false;
      const secondStore = store(database.db, [second]).finally(() => (secondDone = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waited = !secondDone;
      finish();
      if (outcome === 'commit') await firstTransaction;
      else await expect(firstTransaction).rejects.toThrow('rolled back');
      expect(waited).toBe(true); // on the first transaction's claim
      expect(await secondStore).toEqual(outcome === 'commit' ? [] : [second.event_id]);
    }
    await expectClaimsMatchConfirmations(database.db);
  });

  it('ensurePartitions adds the missing months once, with nodes running it at the same time', async () => {
    const databases = await freshDatabase('postgres', undefined, 3);
    const now = at(2029, 7, 15);
    const wanted = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => partitionOf(monthOf(now) + i).name);
    const created = await Promise.all(databases.map((d) => ensurePartitions(d, now)));
    expect(created.flat().map((p) => p.name).sort()).toEqual(wanted);
    expect(await ensurePartitions(databases[0] as Database, now)).toEqual([]);
    expect((await partitionNames((databases[0] as Database).db)).filter((n) => n.startsWith('events_2029') || n.startsWith('events_2030'))).toEqual(wanted);
  });

  it('events of a month without a partition land in the default partition, and move into their month when it is added', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    const march2031 = at(2031, 3, 10);
    const [view, confirmation] = viewAndConfirmation(march2031);
    const [other] = viewAndConfirmation(at(2031, 4, 2)); // beyond the month added below
    expect(await store(database.db, [view, confirmation, other])).toHaveLength(3);
    expect(await partitionOfRow(database.db, view.event_id)).toBe(DEFAULT_PARTITION);
    expect(await partitionOfRow(database.db, confirmation.event_id)).toBe(DEFAULT_PARTITION);
    const rowsBefore = await allRows(database.db);

    expect((await ensurePartitions(database, march2031 - 31 * DAY * MONTHS_AHEAD)).map((p) => p.name)).toContain('events_2031_03');

    expect(await allRows(database.db)).toEqual(rowsBefore);
    expect(await partitionOfRow(database.db, view.event_id)).toBe('events_2031_03');
    expect(await partitionOfRow(database.db, confirmation.event_id)).toBe('events_2031_03');
    expect(await partitionOfRow(database.db, other.event_id)).toBe(DEFAULT_PARTITION);
    await expectClaimsMatchConfirmations(database.db);
    expect(await store(database.db, [confirmationOf(view, march2031 + 60_000), confirmation, view])).toEqual([]); // still exactly once
  });

  describe('retention', () => {
    // Client A: March and early April; client B: late April and May. A keeps events from 20 April, B from 15 April.
    const cutoffs: Record<string, number> = { 'client-a': at(2026, 4, 20), 'client-b': at(2026, 4, 15) };
    const cutoff: Cutoff = (clientId) => cutoffs[clientId] ?? Number.NEGATIVE_INFINITY;
    const now = at(2026, 6, 15); // June is not over

    async function threeMonths(): Promise<Database> {
      const [database] = (await freshDatabase('postgres')) as [Database];
      await ensurePartitions(database, at(2026, 3, 5)); // March to June
      await store(database.db, events('client-a', at(2026, 3, 2), at(2026, 3, 28), 100, 1));
      await store(database.db, events('client-a', at(2026, 4, 2), at(2026, 4, 10), 100, 2));
      await store(database.db, events('client-b', at(2026, 4, 16), at(2026, 4, 28), 100, 3));
      await store(database.db, events('client-b', at(2026, 5, 2), at(2026, 5, 28), 100, 4));
      return database;
    }

    it('finds the months that are over and whose every event is before its client cutoff', async () => {
      const database = await threeMonths();
      expect(await droppablePartitions(database, cutoff, now)).toEqual([{ ...partitionOf(monthOf(at(2026, 3, 1))), clients: ['client-a'] }]);
      // Once B's cutoff passes its events of April, April goes too; May is B's and stays.
      cutoffs['client-b'] = at(2026, 4, 29);
      expect((await droppablePartitions(database, cutoff, now)).map((p) => p.name)).toEqual(['events_2026_03', 'events_2026_04']);
      cutoffs['client-b'] = at(2026, 4, 15);
      // A month not over yet is never dropped, even empty.
      expect((await droppablePartitions(database, () => Number.POSITIVE_INFINITY, now)).map((p) => p.name)).toEqual(['events_2026_03', 'events_2026_04', 'events_2026_05']);
    });

    it('drops a droppable month with its events and their confirmation claims, and keeps one a late event arrived in', async () => {
      const database = await threeMonths();
      const [march] = await droppablePartitions(database, cutoff, now);
      const total = (await allRows(database.db)).length;
      const inMarch = (await sql<{ n: number }>`select count(*)::int as n from events_2026_03`.execute(database.db)).rows[0]?.n as number;

      // A click of a March view, stored after A's cutoff (a spool replayed late): March must stay.
      const [late] = events('client-a', at(2026, 3, 10), at(2026, 3, 11), 1, 9);
      const lateClick = { ...(late as TrackedEvent), event_id: uuidv7({ msecs: at(2026, 3, 10) }), ts: at(2026, 4, 21), confirms: null };
      await store(database.db, [lateClick]);
      expect(await database.db.transaction().execute((trx) => dropPartition(trx, march as NonNullable<typeof march>, cutoff))).toBe(false);
      expect(await partitionNames(database.db)).toContain('events_2026_03');
      await expectClaimsMatchConfirmations(database.db);

      await database.db.deleteFrom('events').where('event_id', '=', lateClick.event_id).execute();
      expect(await database.db.transaction().execute((trx) => dropPartition(trx, march as NonNullable<typeof march>, cutoff))).toBe(true);
      expect(await partitionNames(database.db)).not.toContain('events_2026_03');
      expect((await allRows(database.db)).length).toBe(total - inMarch);
      await expectClaimsMatchConfirmations(database.db);
      // A March id stored from now on is kept, in the default partition.
      await store(database.db, [lateClick]);
      expect(await partitionOfRow(database.db, lateClick.event_id)).toBe(DEFAULT_PARTITION);
    });
  });

  it('going down to 0021 gives back one table, its rows, and the unique index on confirms', async () => {
    const [database] = (await freshDatabase('postgres')) as [Database];
    const [view, confirmation] = viewAndConfirmation(Date.now());
    await store(database.db, [...events('client-a', Date.now() - DAY, Date.now(), 30), view, confirmation]);
    const rowsBefore = await allRows(database.db);
    expect((await migrator(database).migrateTo('0021_rollup_rebuilds')).error).toBeUndefined();
    expect(await allRows(database.db)).toEqual(rowsBefore);
    const kind = await sql<{ relkind: string }>`select relkind from pg_class where oid = 'events'::regclass`.execute(database.db);
    expect(kind.rows[0]?.relkind).toBe('r');
    expect(await store(database.db, [confirmationOf(view, Date.now() + 1000)])).toEqual([]);
    expect((await migrateToLatest(database)).slice(0, 2)).toEqual(['0022_events_partitions', '0023_rollups_compact']); // and any later ones
    expect(await allRows(database.db)).toEqual(rowsBefore);
  });
});

describe('events on sqlite', () => {
  it('have no partitions: maintenance does nothing, and confirmations keep their unique index', async () => {
    const [database] = (await freshDatabase('sqlite')) as [Database];
    expect(await ensurePartitions(database)).toEqual([]);
    expect(await droppablePartitions(database, () => Number.POSITIVE_INFINITY)).toEqual([]);
    const index = await sql<{ sql: string }>`select sql from sqlite_master where name = 'events_confirms'`.execute(database.db);
    expect(index.rows[0]?.sql).toMatch(/^CREATE UNIQUE INDEX/i);
  });
});

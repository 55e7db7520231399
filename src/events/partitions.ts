// On PostgreSQL, `events` is split into one partition per month (0022), so that retention drops a
// month at once instead of deleting its rows one by one, and so that a month's indexes stay small.
//
// The partition key is `event_id`, not `ts`: PostgreSQL wants every unique constraint of a
// partitioned table to include the key, and the primary key on `event_id` is what stores an event
// exactly once (a replayed spool, a tap sent twice: same id, maybe another `ts`). Event ids are
// UUIDv7, whose first 48 bits are their creation time in ms (a click's id is derived from its
// view's and keeps the view's time), so a range of ids is a range of time: a month's partition
// holds the ids from the first UUIDv7 of that month to the first of the next. Any other id (not a
// UUIDv7, or of a month without a partition) lands in the default partition, so that an insert
// never fails for want of a partition.
//
// SQLite has no partitions: on SQLite every function here does nothing.
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';

/** Months ahead of the current one that always have a partition. */
export const MONTHS_AHEAD = 3;

/** The partition of ids no month partition takes. */
export const DEFAULT_PARTITION = 'events_default';

/**
 * How long partition maintenance waits for a lock before giving up (and trying again at its next
 * run). Attaching or dropping a partition waits for the queries in flight on the table it changes,
 * and every query arriving meanwhile waits behind it: a long dashboard query must not stall the
 * event writer through it.
 */
const LOCK_TIMEOUT = '2s';

/** A month's partition: its events have ids of UUIDv7 times in [from, to). */
export interface EventPartition {
  readonly name: string; // events_2026_12
  readonly from: number; // the month's first instant, UTC, epoch ms
  readonly to: number; // the next month's
}

export interface DroppablePartition extends EventPartition {
  /** The clients with events in it (whose rollups of those months go with it). */
  readonly clients: readonly string[];
}

/** A client's retention cutoff, epoch ms: its events before it are beyond its retention window. */
export type Cutoff = (clientId: string) => number;

/** Months are counted from year 0: 12 × year + (month − 1). */
type Month = number;

export function monthOf(ms: number): Month {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function partitionOf(month: Month): EventPartition {
  const year = Math.floor(month / 12);
  const name = `events_${year}_${String((month % 12) + 1).padStart(2, '0')}`;
  return { name, from: Date.UTC(year, month % 12, 1), to: Date.UTC(year, (month % 12) + 1, 1) };
}

/** The smallest UUIDv7 of the instant `ms`: its 48-bit time, version 7, variant 8, zeros. */
export function firstIdAt(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-000000000000`;
}

/**
 * Creates the partitions of the current month and the next MONTHS_AHEAD that are missing. Run at
 * start and periodically, by every node: two nodes running it at once take turns (the second then
 * finds nothing to do). Returns the partitions it created.
 */
export async function ensurePartitions(database: Database, now = Date.now()): Promise<EventPartition[]> {
  if (database.dialect !== 'postgres') return [];
  const current = monthOf(now);
  const months = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => current + i);
  const existing = new Set(await partitionNames(database.db));
  if (months.every((month) => existing.has(partitionOf(month).name))) return []; // nearly every run: no lock taken
  const created = await database.db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx);
    // Self-exclusive, and taken by attaching anyway: one maintainer at a time; reads and writes go on.
    await sql`lock table events in share update exclusive mode`.execute(trx);
    return addPartitions(trx, months);
  });
  // Autovacuum analyses partitions but never a partitioned table itself: the planner's estimates
  // over all of `events` (joins across partitions) come from this, refreshed once a month.
  if (created.length > 0) await sql`analyze events`.execute(database.db);
  return created;
}

/**
 * Adds the partitions of these months that do not exist yet, in the caller's transaction (0022
 * builds the table with it). Rows the default partition holds of such a month move into it:
 * PostgreSQL refuses a partition that rows of the default partition would belong to.
 */
export async function addPartitions(trx: QueryExecutorProvider, months: readonly Month[]): Promise<EventPartition[]> {
  const existing = new Set(await partitionNames(trx));
  const created: EventPartition[] = [];
  for (const month of months) {
    const partition = partitionOf(month);
    if (existing.has(partition.name)) continue;
    await addPartition(trx, partition);
    existing.add(partition.name);
    created.push(partition);
  }
  return created;
}

async function addPartition(trx: QueryExecutorProvider, partition: EventPartition): Promise<void> {
  const table = sql.table(partition.name);
  const [from, to] = [firstIdAt(partition.from), firstIdAt(partition.to)];
  // Built apart and then attached: attaching leaves reads and writes of the other partitions going
  // (creating it as a partition would lock all of `events`); the indexes and triggers of `events`
  // are added to it as it is attached.
  await sql`create table ${table} (like events including all excluding indexes)`.execute(trx);
  // Attaching locks the default partition anyway; taken first, no row of the month can land there
  // between the move below and the attach.
  await sql`lock table ${sql.table(DEFAULT_PARTITION)} in access exclusive mode`.execute(trx);
  const moved = await sql`with moved as (delete from ${sql.table(DEFAULT_PARTITION)} where event_id >= ${from} and event_id < ${to} returning *)
    insert into ${table} select * from moved`.execute(trx);
  // Deleting them released their confirmations (0022's trigger); the table claims nothing before it is attached.
  if (Number(moved.numAffectedRows ?? 0) > 0) {
    await sql`insert into event_confirmations (confirms, event_id) select confirms, event_id from ${table} where confirms is not null`.execute(trx);
  }
  await sql`alter table events attach partition ${table} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
}

/**
 * The month partitions that are over and whose every event is before its client's cutoff: the
 * retention purge can drop them whole (dropPartition) rather than delete their rows. A cheap read:
 * the latest `ts` of each client in each partition, through its (client_id, ts) index.
 */
export async function droppablePartitions(database: Database, cutoff: Cutoff, now = Date.now()): Promise<DroppablePartition[]> {
  if (database.dialect !== 'postgres') return [];
  const droppable: DroppablePartition[] = [];
  for (const partition of await monthPartitions(database.db)) {
    if (partition.to > now) continue;
    const latest = await latestByClient(database.db, partition.name);
    if (latest.every((c) => c.latest < cutoff(c.client_id))) droppable.push({ ...partition, clients: latest.map((c) => c.client_id) });
  }
  return droppable;
}

/**
 * Drops a partition that droppablePartitions returned, in the caller's transaction, if it still
 * holds only events before their clients' cutoffs (a late event may have arrived since); returns
 * whether it did. `beforeDrop` runs just before, with all of `events` locked (no other transaction
 * reads or writes events until this one ends: keep it and what follows short), given the clients
 * whose events go. Lock waits in the rest of the transaction give up after LOCK_TIMEOUT too.
 */
export async function dropPartition(
  trx: Kysely<Schema>,
  partition: EventPartition,
  cutoff: Cutoff,
  beforeDrop: (clients: readonly string[]) => Promise<void> = async () => {},
): Promise<boolean> {
  const table = sql.table(partition.name);
  // Dropping a table fires no delete trigger: its confirmations are released here, before `events`
  // is locked (their number grows with the month's traffic), and claimed again if it stays.
  await sql`delete from event_confirmations c using ${table} e where c.confirms = e.confirms and c.event_id = e.event_id`.execute(trx);
  await sql`set local lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx);
  await sql`lock table events in access exclusive mode`.execute(trx);
  const latest = await latestByClient(trx, partition.name);
  if (!latest.every((c) => c.latest < cutoff(c.client_id))) {
    await sql`insert into event_confirmations (confirms, event_id) select confirms, event_id from ${table} where confirms is not null on conflict do nothing`.execute(trx);
    return false;
  }
  await beforeDrop(latest.map((c) => c.client_id));
  await sql`drop table ${table}`.execute(trx);
  return true;
}

export async function partitionNames(db: QueryExecutorProvider): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass`.execute(db);
  return rows.map((r) => r.name);
}

/** The month partitions, oldest first (the default partition is none of them). */
async function monthPartitions(db: QueryExecutorProvider): Promise<EventPartition[]> {
  const months: Month[] = [];
  for (const name of await partitionNames(db)) {
    const match = /^events_(\d{4})_(\d{2})$/.exec(name);
    if (match) months.push(Number(match[1]) * 12 + Number(match[2]) - 1);
  }
  return months.sort((a, b) => a - b).map(partitionOf);
}

/** Each client of a partition with its latest `ts`: one index probe per client (a skip scan). */
async function latestByClient(db: QueryExecutorProvider, partition: string): Promise<{ client_id: string; latest: number }[]> {
  const table = sql.table(partition);
  const { rows } = await sql<{ client_id: string; latest: number }>`
    with recursive clients (client_id) as (
      (select client_id from ${table} order by client_id limit 1)
      union all
      select (select e.client_id from ${table} e where e.client_id > c.client_id order by e.client_id limit 1) from clients c where c.client_id is not null
    )
    select client_id, (select max(ts) from ${table} e where e.client_id = c.client_id) as latest from clients c where client_id is not null`.execute(db);
  return rows;
}

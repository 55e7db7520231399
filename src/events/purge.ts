// Retention's part in the event store: a client's oldest events before a cutoff go, a bounded
// batch per transaction, with every listener told first (the rollups drop the hours emptied). On
// PostgreSQL a month partition wholly past its clients' cutoffs goes first, at once.
import { sql, type Kysely } from 'kysely';
import { lockFolds } from '../analytics/rollup-folder.js';
import type { Database } from '../db/database.js';
import type { EventRow, Schema } from '../db/schema.js';
import { LISTENERS } from './listeners.js';
import { droppablePartitions, dropPartition, partitionNames, type Cutoff, type EventPartition } from './partitions.js';

const DAY_MS = 86_400_000;
const CHUNK = 500;

export interface PurgeBatch {
  readonly events: number; // deleted
  readonly done: boolean; // no event before the cutoff is left
}

/** One transaction: the client's oldest events before `cutoff`, at most `limit` and at most a day of them. */
export async function deleteOldest(database: Database, trx: Kysely<Schema>, clientId: string, cutoff: number, limit: number): Promise<PurgeBatch> {
  // A rebuild chunk adding events of an hour while the hour goes would write it back: one at a time.
  await lockFolds(database, trx);
  const rows = await trx.selectFrom('events').select(['event_id', 'ts']).where('client_id', '=', clientId).where('ts', '<', cutoff).orderBy('ts').limit(limit).execute();
  let done = rows.length < limit;
  // Every event of the client before `emptiedBefore` is in `rows` (they come oldest first).
  let emptiedBefore = done ? cutoff : (rows[rows.length - 1] as { ts: number }).ts;
  let batch = rows;
  // At most a day of events per transaction, so that the rows derived from them stay few too.
  const dayEnd = rows.length > 0 ? (rows[0] as { ts: number }).ts + DAY_MS : cutoff;
  if (dayEnd < emptiedBefore) {
    batch = rows.filter((r) => r.ts < dayEnd);
    emptiedBefore = dayEnd;
    done = false;
  }
  for (const listener of LISTENERS) await listener.truncating?.(database, trx, clientId, emptiedBefore, batch);
  let events = 0;
  const ids = batch.map((r) => r.event_id);
  for (let i = 0; i < ids.length; i += CHUNK) events += Number((await trx.deleteFrom('events').where('event_id', 'in', ids.slice(i, i + CHUNK)).executeTakeFirst()).numDeletedRows);
  return { events, done };
}

/**
 * PostgreSQL: drops the month partitions whose every event is before its client's cutoff, each in
 * one short transaction that tells the listeners first, as a retention of each of its clients up
 * to the oldest event it keeps elsewhere. Returns the events dropped, by client. A partition whose
 * locks are not granted in time (a long query on events) is left to the row-by-row purge.
 */
export async function dropExpiredMonths(database: Database, cutoff: Cutoff, now: number): Promise<Map<string, number>> {
  const dropped = new Map<string, number>();
  for (const partition of await droppablePartitions(database, cutoff, now)) {
    try {
      const counts = await database.db.transaction().execute(async (trx) => {
        const counted = new Map<string, number>();
        const done = await dropPartition(trx, partition, cutoff, async (clients) => {
          for (const clientId of clients) counted.set(clientId, await truncateMonth(database, trx, partition, clientId, cutoff(clientId)));
        });
        return done ? counted : new Map<string, number>();
      });
      for (const [clientId, n] of counts) dropped.set(clientId, (dropped.get(clientId) ?? 0) + n);
    } catch (err) {
      if (!LOCK_NOT_GRANTED.has((err as { code?: string }).code ?? '')) throw err;
    }
  }
  return dropped;
}

/** lock_not_available (lock_timeout), deadlock_detected. */
const LOCK_NOT_GRANTED = new Set(['55P03', '40P01']);

/** Tells the listeners that the client's events of this partition go; returns how many there are. */
async function truncateMonth(database: Database, trx: Kysely<Schema>, partition: EventPartition, clientId: string, cutoff: number): Promise<number> {
  const table = sql.table(partition.name);
  // Every event of the client before `before` is in this partition.
  let before = cutoff;
  for (const other of (await partitionNames(trx)).filter((name) => name !== partition.name)) {
    const { rows } = await sql<{ ts: number | null }>`select min(ts) as ts from ${sql.table(other)} where client_id = ${clientId}`.execute(trx);
    const oldest = rows[0]?.ts;
    if (oldest != null && oldest < before) before = oldest;
  }
  // The listeners look at the deleted events of the hour and day holding `before` (a day is at most 25 hours).
  const { rows: tail } = await sql<Pick<EventRow, 'event_id' | 'ts'>>`select event_id, ts from ${table} where client_id = ${clientId} and ts >= ${before - 2 * DAY_MS}`.execute(trx);
  for (const listener of LISTENERS) await listener.truncating?.(database, trx, clientId, before, tail);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${table} where client_id = ${clientId}`.execute(trx);
  return rows[0]?.n ?? 0;
}

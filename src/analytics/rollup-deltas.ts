// The rollups' change log, by event. Every write that adds, changes or deletes events logs, in its
// own transaction, what the rollup folder must do so that the rollups equal the raw events again:
//   added    → "add this event" (no snapshot: the fold reads the event as it is then)
//   changed  → "subtract it as folded" (a snapshot of its old values) + "add this event", unless
//              an "add" is still pending (the fold will read the new values anyway)
//   deleted  → the pending "add" is dropped, or else "subtract it as folded"
// So at any moment: rollups + pending deltas = the events. On PostgreSQL, writers that change or
// delete events hold the fold lock in shared mode from before they read the old values, so that
// no fold runs between their reading and their logging (the fold takes it exclusively).
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, Dialect } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { RollupDeltasTable, Schema } from '../db/schema.js';
import { ROLLUP_EVENT_COLUMNS, type RollupEvent } from './dimensions.js';

type NewDelta = Omit<RollupDeltasTable, 'id'>;
const DELTAS: InsertMany<NewDelta> = { table: 'rollup_deltas', columns: ['client_id', 'event_id', 'ts', 'snapshot'], suffix: '' };
const CHUNK = 500;
export const FOLD_LOCK = 7_346_001; // pg advisory lock key for "the rollup fold"

/** An event as the rollups count it, with what identifies it. */
export type FoldedEvent = RollupEvent & { readonly event_id: string; readonly client_id: string };

/** Events just inserted: each is added at the next fold. Only those the insert stored (an event logged twice counts twice). */
export async function recordAdded(db: Kysely<Schema>, dialect: Dialect, events: readonly { event_id: string; client_id: string; ts: number }[]): Promise<void> {
  const rows = events.map((e) => ({ client_id: e.client_id, event_id: e.event_id, ts: e.ts, snapshot: null }));
  for (let i = 0; i < rows.length; i += CHUNK) await insertMany(db, dialect, DELTAS, rows.slice(i, i + CHUNK));
}

/**
 * The events a transaction is about to change or delete, as they are now (locked on PostgreSQL):
 * call first in the transaction, then pass those actually changed to `recordChanged` or
 * `recordDeleted`.
 */
export async function eventsBeforeChange(
  database: Database,
  trx: Kysely<Schema>,
  where: (qb: SelectQueryBuilder<Schema, 'events', object>) => SelectQueryBuilder<Schema, 'events', object>,
): Promise<FoldedEvent[]> {
  if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock_shared(${FOLD_LOCK}, hashtext(current_schema()))`.execute(trx);
  const query = where(trx.selectFrom('events')).select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS]).orderBy('event_id'); // one lock order
  return database.dialect === 'postgres' ? query.forUpdate().execute() : query.execute();
}

/** `before`: the changed events as `eventsBeforeChange` read them. */
export async function recordChanged(trx: Kysely<Schema>, dialect: Dialect, before: readonly FoldedEvent[]): Promise<void> {
  const pending = new Set<string>();
  for (let i = 0; i < before.length; i += CHUNK) {
    const ids = before.slice(i, i + CHUNK).map((e) => e.event_id);
    const rows = await trx.selectFrom('rollup_deltas').select('event_id').where('event_id', 'in', ids).where('snapshot', 'is', null).execute();
    for (const r of rows) pending.add(r.event_id);
  }
  const folded = before.filter((e) => !pending.has(e.event_id));
  const rows = folded.flatMap((e) => [subtraction(e), { client_id: e.client_id, event_id: e.event_id, ts: e.ts, snapshot: null }]);
  for (let i = 0; i < rows.length; i += CHUNK) await insertMany(trx, dialect, DELTAS, rows.slice(i, i + CHUNK));
}

/** `before`: the deleted events as `eventsBeforeChange` read them. */
export async function recordDeleted(trx: Kysely<Schema>, dialect: Dialect, before: readonly FoldedEvent[]): Promise<void> {
  const dropped = new Set<string>();
  for (let i = 0; i < before.length; i += CHUNK) {
    const ids = before.slice(i, i + CHUNK).map((e) => e.event_id);
    const rows = await trx.deleteFrom('rollup_deltas').where('event_id', 'in', ids).where('snapshot', 'is', null).returning('event_id').execute();
    for (const r of rows) dropped.add(r.event_id);
  }
  const rows = before.filter((e) => !dropped.has(e.event_id)).map(subtraction);
  for (let i = 0; i < rows.length; i += CHUNK) await insertMany(trx, dialect, DELTAS, rows.slice(i, i + CHUNK));
}

function subtraction(e: FoldedEvent): NewDelta {
  const snapshot: Record<string, unknown> = {};
  for (const column of ROLLUP_EVENT_COLUMNS) snapshot[column] = e[column];
  return { client_id: e.client_id, event_id: e.event_id, ts: e.ts, snapshot: JSON.stringify(snapshot) };
}

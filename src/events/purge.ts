// Retention's part in the event store: a client's oldest events before a cutoff go, a bounded
// batch per transaction, with every listener told first (the rollups drop the hours emptied).
import type { Kysely } from 'kysely';
import { lockFolds } from '../analytics/rollup-folder.js';
import type { Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { LISTENERS } from './listeners.js';

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

// Deleting a smartlink and everything recorded of it. Its page stops first (archived), so no new
// event comes; its events go through the event store, a batch per transaction (the rollups
// subtract them as they go, so the client's totals stay exact at every step); the last transaction
// deletes what is derived from them and the smartlink itself, and its slug is free again. Should a
// step fail, the smartlink stays archived with what is left, and deleting it again finishes. Archiving (status 'archived') is the way to stop a page and keep
// its figures.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { deleteEvents } from '../events/change.js';
import { PLATFORMS } from '../forwarding/settings.js';
import { MIRROR_DESTINATION } from '../migration/mirror.js';
import type { Smartlink } from './smartlink.js';

/** Events per transaction. */
const BATCH = 2000;

/** Every table that keeps rows of one smartlink, by the column naming it (the events aside). */
export const SMARTLINK_ROWS: readonly (readonly [table: string, column: string])[] = [
  ['visitor_days', 'smartlink_id'], // first-view claims
  ['legacy_counts', 'smartlink_id'], // imported legacy figures
  ['artwork_failures', 'smartlink_id'],
  ['rollups', 'smartlink_id'], // its own rows (emptied by the event store); the client's '*' rows stay, exact
  ['rollups_daily', 'smartlink_id'],
];

/** The delivery queue's ids of these events (server-side forwarding and the legacy mirror: `${destination}:${event id}`). */
function deliveryIds(eventIds: readonly string[]): string[] {
  return eventIds.flatMap((id) => [...PLATFORMS, MIRROR_DESTINATION].map((d) => `${d}:${id}`));
}

/** In `trx`: at most `limit` events whose `column` is `id`, through the event store, with their queued deliveries (sent or not: each holds a copy of its event). */
async function deleteEventBatch(database: Database, trx: Kysely<Schema>, column: 'client_id' | 'smartlink_id', id: string, limit?: number): Promise<number> {
  const events = await deleteEvents(database, trx, (qb) => qb.where(column, '=', id).$if(limit !== undefined, (q) => q.limit(limit as number)));
  const ids = deliveryIds(events.map((e) => e.event_id));
  for (let i = 0; i < ids.length; i += 500) await trx.deleteFrom('deliveries').where('id', 'in', ids.slice(i, i + 500)).execute();
  return events.length;
}

/**
 * Deletes every event whose `column` is `id` a batch per transaction, then runs `last` in the
 * transaction that deletes any event recorded meanwhile. Returns how many events were deleted.
 */
export async function deleteEventsThen(database: Database, column: 'client_id' | 'smartlink_id', id: string, last: (trx: Kysely<Schema>) => Promise<void>): Promise<number> {
  let deleted = 0;
  for (let batch = BATCH; batch === BATCH; deleted += batch) {
    batch = await database.db.transaction().execute((trx) => deleteEventBatch(database, trx, column, id, BATCH));
  }
  return database.db.transaction().execute(async (trx) => {
    deleted += await deleteEventBatch(database, trx, column, id);
    await last(trx);
    return deleted;
  });
}

/** Deletes the rows of `tables` whose column `match`es (sql`= ${id}`, sql`in (select …)`). */
export async function deleteRows(trx: Kysely<Schema>, tables: readonly (readonly [table: string, column: string])[], match: RawBuilder<unknown>): Promise<void> {
  for (const [table, column] of tables) await sql`delete from ${sql.table(table)} where ${sql.ref(column)} ${match}`.execute(trx);
}

export interface SmartlinkDeletion {
  /** The page no longer serves (the smartlink is archived first): expire the landing caches, so no new event comes. */
  stopped(): void;
  /** Runs in the final transaction (the audit entry). */
  audit(trx: Kysely<Schema>): Promise<void>;
}

/**
 * Deletes a smartlink, its events (the client's rollups stay exact) and what derives from them.
 * Its page stops first, so that no event is recorded for it while they go. Returns the number of
 * events deleted.
 */
export async function deleteSmartlink(database: Database, smartlink: Smartlink, { stopped, audit }: SmartlinkDeletion): Promise<number> {
  await database.db.updateTable('smartlinks').set({ status: 'archived' }).where('id', '=', smartlink.id).execute();
  stopped();
  return deleteEventsThen(database, 'smartlink_id', smartlink.id, async (trx) => {
    await deleteRows(trx, SMARTLINK_ROWS, sql`= ${smartlink.id}`);
    await trx.deleteFrom('smartlinks').where('id', '=', smartlink.id).execute();
    await audit(trx);
  });
}

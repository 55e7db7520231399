// The change log of events, by client and UTC hour. Every write that adds or alters events
// appends to it in the same transaction; the rollup folder recomputes those hours and deletes
// exactly the entries it read. Appending (never updating) keeps concurrent writers from
// contending on a shared row, and an entry committed while a fold runs simply waits for the next.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Dialect } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { RollupChangesTable, Schema } from '../db/schema.js';
import { randomBytesFromPool } from '../random.js';
import { utcHour } from './time-zone.js';

const CHANGES: InsertMany<RollupChangesTable> = { table: 'rollup_changes', columns: ['id', 'client_id', 'hour'], suffix: '' };

export async function recordChanges(db: Kysely<Schema>, dialect: Dialect, events: readonly { client_id: string; ts: number }[]): Promise<void> {
  const hours = new Map<string, RollupChangesTable>();
  for (const e of events) {
    const hour = utcHour(e.ts);
    const key = `${e.client_id}|${hour}`;
    if (!hours.has(key)) hours.set(key, { id: uuidv7({ random: randomBytesFromPool(16) }), client_id: e.client_id, hour });
  }
  const rows = [...hours.values()];
  for (let i = 0; i < rows.length; i += 500) await insertMany(db, dialect, CHANGES, rows.slice(i, i + 500));
}

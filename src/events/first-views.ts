// The unique-visitor flag, decided by the database so that it is exact across app nodes and
// restarts: a visitor's first human view of a smartlink on a (UTC) day claims a `visitor_days` row.
import type { Kysely } from 'kysely';
import type { Connection } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { Schema, VisitorDaysTable } from '../db/schema.js';
import type { TrackedEvent } from '../tracking/event.js';

const VISITOR_DAYS: InsertMany<VisitorDaysTable> = {
  table: 'visitor_days',
  columns: ['visitor_id', 'smartlink_id', 'ts'],
  suffix: 'on conflict (visitor_id, smartlink_id) do nothing returning visitor_id, smartlink_id',
};

const ROWS_PER_STATEMENT = 500;

/** Of these human views, those that are their visitor's first of their smartlink today (visitor ids are per day): one each. */
export async function claimFirstViews<View extends Pick<TrackedEvent, 'visitor_id' | 'smartlink_id' | 'ts'>>(database: Connection, trx: Kysely<Schema>, views: readonly View[]): Promise<Set<View>> {
  const candidates = new Map<string, View>();
  for (const v of views) {
    if (!v.visitor_id) continue;
    const key = `${v.visitor_id}|${v.smartlink_id}`;
    if (!candidates.has(key)) candidates.set(key, v);
  }
  const firsts = new Set<View>();
  // Key order: concurrent batches then take their row locks in the same order (no deadlock).
  const values = [...candidates.values()].map((v) => ({ visitor_id: v.visitor_id as string, smartlink_id: v.smartlink_id, ts: v.ts })).sort(byKey((v) => `${v.visitor_id}|${v.smartlink_id}`));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const claimed = await insertMany<VisitorDaysTable, Pick<VisitorDaysTable, 'visitor_id' | 'smartlink_id'>>(trx, database.dialect, VISITOR_DAYS, values.slice(i, i + ROWS_PER_STATEMENT));
    for (const row of claimed) firsts.add(candidates.get(`${row.visitor_id}|${row.smartlink_id}`) as View);
  }
  return firsts;
}

export function byKey<T>(key: (row: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

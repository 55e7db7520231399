// Changing and deleting stored events, with every listener told in the same transaction. The
// events are read first (and locked, on PostgreSQL: a concurrent change waits, so that the values
// its listeners take out are those stored), then changed or deleted.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { ROLLUP_EVENT_COLUMNS } from '../analytics/dimensions.js';
import { shareFolds, type FoldedEvent } from '../analytics/rollup-writer.js';
import type { Connection } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { LISTENERS } from './listeners.js';

export type EventFilter = (qb: SelectQueryBuilder<Schema, 'events', object>) => SelectQueryBuilder<Schema, 'events', object>;

const CHUNK = 500;

/** The events `where` selects, as they are now, in event id order (one lock order); locked on PostgreSQL. */
export async function lockedEvents(database: Connection, trx: Kysely<Schema>, where: EventFilter): Promise<FoldedEvent[]> {
  await shareFolds(database, trx); // before the rows: the lock order of every writer of events
  const query = where(trx.selectFrom('events')).select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS]).orderBy('event_id');
  return database.dialect === 'postgres' ? query.forUpdate().execute() : query.execute();
}

/** Changes the events `where` selects with `apply` (given them as they are); listeners see them before and after. Returns them as they were. */
export async function changeEvents(database: Connection, trx: Kysely<Schema>, where: EventFilter, apply: (before: readonly FoldedEvent[]) => Promise<void>): Promise<FoldedEvent[]> {
  const before = await lockedEvents(database, trx, where);
  if (before.length === 0) return before;
  await apply(before);
  const ids = before.map((e) => e.event_id);
  const now = new Map<string, FoldedEvent>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const e of await lockedEvents(database, trx, (qb) => qb.where('event_id', 'in', ids.slice(i, i + CHUNK)))) now.set(e.event_id, e);
  }
  const after = before.map((e) => now.get(e.event_id) as FoldedEvent);
  for (const listener of LISTENERS) await listener.changed?.(database, trx, before, after);
  return before;
}

/** Deletes the events `where` selects; listeners see them first. Returns them as they were. */
export async function deleteEvents(database: Connection, trx: Kysely<Schema>, where: EventFilter): Promise<FoldedEvent[]> {
  const events = await lockedEvents(database, trx, where);
  if (events.length === 0) return events;
  for (const listener of LISTENERS) await listener.deleting?.(database, trx, events);
  const ids = events.map((e) => e.event_id);
  for (let i = 0; i < ids.length; i += CHUNK) await trx.deleteFrom('events').where('event_id', 'in', ids.slice(i, i + CHUNK)).execute();
  return events;
}

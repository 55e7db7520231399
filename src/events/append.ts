// Commits a batch of events in one transaction, exactly once: an event id already stored (a spool
// replayed, a tap sent twice) or a second confirmation of the same event is skipped by the insert,
// and only the events the insert returns reach the listeners (the rollups, the legacy mirror) and
// the forwarding queue, in the same transaction. Browser confirmations (`client` rows) are copied
// onto the event they confirm, whichever of the two is stored first.
import type { Kysely } from 'kysely';
import type { Connection } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { NewEventRow, Schema } from '../db/schema.js';
import type { TrackedEvent } from '../tracking/event.js';
import { EVENT_COLUMNS } from './columns.js';
import { copyConfirmations, countShownPrefetches } from './confirm.js';
import { byKey, claimFirstViews } from './first-views.js';
import { LISTENERS, type StoredEvent } from './listeners.js';

/** What the writer's caller does with the events (server-side forwarding, which its configuration decides). */
export interface StoreHooks {
  /** In the transaction: these events were just stored. */
  enqueue(trx: Kysely<Schema>, events: readonly TrackedEvent[]): Promise<void>;
  /** After the commit: these events just received their browser confirmation. */
  confirmed(eventIds: readonly string[]): Promise<void>;
}

const EVENTS: InsertMany<NewEventRow> = {
  table: 'events',
  columns: [...EVENT_COLUMNS],
  // a stored event id, or a second confirmation of the same event: nothing happens, nothing is returned
  suffix: 'on conflict do nothing returning event_id',
};

// Stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 500;

export async function storeEvents(database: Connection, batch: readonly TrackedEvent[], options: { replayed?: boolean; hooks?: StoreHooks } = {}): Promise<void> {
  const events = firstOfEachId(batch);
  if (events.length === 0) return;
  const added = await database.db.transaction().execute(async (trx) => {
    const firstViews = await claimFirstViews(database, trx, events.filter((e) => e.type === 'view' && !e.excluded_reason));
    // Key order: concurrent batches then take their row locks in the same order (no deadlock).
    const rows: StoredEvent[] = events.map((e) => ({ ...e, is_unique: firstViews.has(e) ? 1 : 0 })).sort(byKey((r) => r.event_id));
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const returned = await insertMany<NewEventRow, { event_id: string }>(trx, database.dialect, EVENTS, rows.slice(i, i + ROWS_PER_STATEMENT));
      for (const r of returned) inserted.add(r.event_id);
    }
    const stored = rows.filter((r) => inserted.has(r.event_id));
    for (const listener of LISTENERS) await listener.added?.(database, trx, stored);
    await options.hooks?.enqueue(trx, stored);
    return stored;
  });
  // After the commit, so that of an event and its confirmation committed concurrently (two nodes,
  // or overlapping batches), the second to commit sees the first. A click's beacon leaves before
  // the click request and is often stored first; a replayed view may arrive after its beacon. A
  // replay redoes this for the events it finds stored too: the process may have stopped between
  // their commit and this.
  const settled: readonly TrackedEvent[] = options.replayed ? events : added;
  const confirmations = settled.filter((e) => e.type === 'client');
  const replayedViews = options.replayed ? events.filter((e) => e.type === 'view') : [];
  const confirmable = [
    ...confirmations.map((e) => e.confirms as string),
    ...settled.filter((e) => e.type === 'click').map((e) => e.event_id),
    ...replayedViews.map((e) => e.event_id),
  ];
  if (confirmable.length > 0) {
    const confirmed = await copyConfirmations(database, confirmable);
    if (confirmed.length > 0) await options.hooks?.confirmed(confirmed);
  }
  const maybeShown = [
    ...confirmations.filter((c) => c.service === null).map((c) => c.confirms as string),
    ...replayedViews.filter((e) => e.excluded_reason === 'prefetch').map((e) => e.event_id),
  ];
  if (maybeShown.length > 0) await countShownPrefetches(database, maybeShown);
}

/** The first copy of each event id: a tap sent twice, a replay overlapping a batch, are one event. */
function firstOfEachId(events: readonly TrackedEvent[]): TrackedEvent[] {
  const seen = new Set<string>();
  const first: TrackedEvent[] = [];
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    first.push(e);
  }
  return first;
}

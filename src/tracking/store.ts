// Commits a batch of events in one transaction, exactly once: an event id already stored (a spool
// replayed, a tap sent twice) or a second confirmation of the same event is skipped by the insert,
// and only the events the insert returns reach the rollups, the forwarding queue and the legacy
// mirror. The unique-visitor flag is decided here, by the database, so it is exact across app
// nodes and restarts. Browser confirmations (`client` rows) are copied onto the event they
// confirm, whichever of the two is stored first.
import { eventsBeforeChange, recordAdded, recordChanged } from '../analytics/rollup-deltas.js';
import { enqueueMirrored } from '../migration/mirror.js';
import type { Database } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { EventsTable, NewEventRow, Schema, VisitorDaysTable } from '../db/schema.js';
import type { TrackedEvent } from './event.js';

/** What another feature does with the events in their transaction (server-side forwarding enqueues). */
export interface StoreHooks {
  enqueue(trx: Kysely<Schema>, events: readonly TrackedEvent[]): Promise<void>;
  /** After the commit: these events just received their browser confirmation. */
  confirmed(eventIds: readonly string[]): Promise<void>;
}

/** Every column of an event, in the order exports list them. */
export const EVENT_COLUMNS = [
  'event_id', 'type', 'client_id', 'smartlink_id', 'service', 'ts',
  'ip_truncated', 'user_agent', 'referrer', 'referrer_host', 'channel', 'country', 'region', 'city',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'device_type', 'os', 'browser', 'in_app', 'excluded_reason', 'excluded_detail',
  'visitor_id', 'session_id', 'is_unique', 'conversion_path', 'revenue',
  'client_confirmed_at', 'client_tags', 'client_consent', 'confirms', 'opt_out',
] as const satisfies readonly (keyof NewEventRow)[];

const EVENTS: InsertMany<NewEventRow> = {
  table: 'events',
  columns: [...EVENT_COLUMNS],
  // a stored event id, or a second confirmation of the same event: nothing happens, nothing is returned
  suffix: 'on conflict do nothing returning event_id',
};

const VISITOR_DAYS: InsertMany<VisitorDaysTable> = {
  table: 'visitor_days',
  columns: ['visitor_id', 'smartlink_id', 'ts'],
  suffix: 'on conflict (visitor_id, smartlink_id) do nothing returning visitor_id, smartlink_id',
};

// Stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 500;

export async function storeEvents(database: Database, batch: readonly TrackedEvent[], options: { replayed?: boolean; hooks?: StoreHooks } = {}): Promise<void> {
  const events = firstOfEachId(batch);
  if (events.length === 0) return;
  const added = await database.db.transaction().execute(async (trx) => {
    const firstViews = await claimFirstViews(database, trx, events.filter((e) => e.type === 'view' && !e.excluded_reason));
    // Key order: concurrent batches then take their row locks in the same order (no deadlock).
    const rows: NewEventRow[] = events.map((e) => ({ ...e, is_unique: firstViews.has(e) ? 1 : 0 })).sort(byKey((r) => r.event_id));
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const returned = await insertMany<NewEventRow, { event_id: string }>(trx, database.dialect, EVENTS, rows.slice(i, i + ROWS_PER_STATEMENT));
      for (const r of returned) inserted.add(r.event_id);
    }
    const insertedEvents = events.filter((e) => inserted.has(e.event_id));
    await recordAdded(trx, database.dialect, insertedEvents);
    await options.hooks?.enqueue(trx, insertedEvents); // server-side forwarding (clients that forward only)
    await enqueueMirrored(trx, database, rows.filter((r) => inserted.has(r.event_id))); // the legacy mirror (clients in legacy/dual mode only)
    return insertedEvents;
  });
  // After the commit, so that of an event and its confirmation committed concurrently (two nodes,
  // or overlapping batches), the second to commit sees the first. A click's beacon leaves before
  // the click request and is often stored first; a replayed view may arrive after its beacon. A
  // replay redoes this for the events it finds stored too: the process may have stopped between
  // their commit and this.
  const settled = options.replayed ? events : added;
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

/** Copies the stored confirmation (the first one) onto each of these events not yet confirmed. Returns those it confirmed. */
async function copyConfirmations(database: Database, eventIds: readonly string[]): Promise<string[]> {
  const done: string[] = [];
  const confirmation = (eb: ExpressionBuilder<Schema & { e: EventsTable }, 'e'>) =>
    eb.selectFrom('events as c').whereRef('c.confirms', '=', 'e.event_id');
  for (let i = 0; i < eventIds.length; i += ROWS_PER_STATEMENT) {
    await database.db.transaction().execute(async (trx) => {
      const before = await eventsBeforeChange(database, trx, (qb) =>
        qb
          .where('event_id', 'in', eventIds.slice(i, i + ROWS_PER_STATEMENT))
          .where('client_confirmed_at', 'is', null)
          .where('type', '!=', 'client')
          .where((eb) => eb.exists(eb.selectFrom('events as c').select('c.event_id').whereRef('c.confirms', '=', 'events.event_id'))),
      );
      if (before.length === 0) return;
      await trx
        .updateTable('events as e')
        .set((eb) => ({
          client_confirmed_at: confirmation(eb).select('c.client_confirmed_at'),
          client_tags: confirmation(eb).select('c.client_tags'),
          client_consent: confirmation(eb).select('c.client_consent'),
        }))
        .where('e.event_id', 'in', before.map((e) => e.event_id))
        .execute();
      await recordChanged(trx, database.dialect, before);
      for (const e of before) done.push(e.event_id);
    });
  }
  return done;
}

/**
 * A prefetched or prerendered view is stored as a prefetch, out of human metrics. Its page script
 * runs only once it is shown, so a view confirmation proves the fan saw it: the exclusion is
 * lifted, and it may be the visitor's first view of the day. `viewIds`: views that may have a
 * confirmation; one indexed read finds none a prefetch, the usual case.
 */
async function countShownPrefetches(database: Database, viewIds: readonly string[]): Promise<void> {
  for (let i = 0; i < viewIds.length; i += ROWS_PER_STATEMENT) {
    const shown = await database.db
      .selectFrom('events as e')
      .select(['e.event_id', 'e.visitor_id'])
      .where('e.event_id', 'in', viewIds.slice(i, i + ROWS_PER_STATEMENT))
      .where('e.type', '=', 'view')
      .where('e.excluded_reason', '=', 'prefetch')
      .where((eb) => eb.exists(eb.selectFrom('events as c').select('c.event_id').whereRef('c.confirms', '=', 'e.event_id')))
      .execute();
    if (shown.length === 0) continue;
    const visitorOf = new Map(shown.map((v) => [v.event_id, v.visitor_id]));
    await database.db.transaction().execute(async (trx) => {
      const views = await eventsBeforeChange(database, trx, (qb) => qb.where('event_id', 'in', [...visitorOf.keys()]).where('excluded_reason', '=', 'prefetch'));
      if (views.length === 0) return;
      const firsts = await claimFirstViews(database, trx, views.map((v) => ({ ...v, visitor_id: visitorOf.get(v.event_id) ?? null })));
      await trx.updateTable('events').set({ excluded_reason: null, excluded_detail: null }).where('event_id', 'in', views.map((v) => v.event_id)).execute();
      if (firsts.size > 0) await trx.updateTable('events').set({ is_unique: 1 }).where('event_id', 'in', [...firsts].map((v) => v.event_id)).execute();
      await recordChanged(trx, database.dialect, views);
    });
  }
}

/** Of these human views, those that are their visitor's first of their smartlink today (visitor ids are per day): one each. */
async function claimFirstViews<View extends Pick<TrackedEvent, 'visitor_id' | 'smartlink_id' | 'ts'>>(database: Database, trx: Kysely<Schema>, views: readonly View[]): Promise<Set<View>> {
  const candidates = new Map<string, View>();
  for (const v of views) {
    if (!v.visitor_id) continue;
    const key = `${v.visitor_id}|${v.smartlink_id}`;
    if (!candidates.has(key)) candidates.set(key, v);
  }
  const firsts = new Set<View>();
  const values = [...candidates.values()].map((v) => ({ visitor_id: v.visitor_id as string, smartlink_id: v.smartlink_id, ts: v.ts })).sort(byKey((v) => `${v.visitor_id}|${v.smartlink_id}`));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const claimed = await insertMany<VisitorDaysTable, Pick<VisitorDaysTable, 'visitor_id' | 'smartlink_id'>>(
      trx, database.dialect, VISITOR_DAYS, values.slice(i, i + ROWS_PER_STATEMENT),
    );
    for (const row of claimed) firsts.add(candidates.get(`${row.visitor_id}|${row.smartlink_id}`) as View);
  }
  return firsts;
}

function byKey<T>(key: (row: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

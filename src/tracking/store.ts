// Commits a batch of events in one transaction. Idempotent: an event id already stored is
// skipped, so a spool replayed twice stores each event once. The unique-visitor flag is decided
// here, by the database, so it is exact across app nodes and restarts. Browser confirmations
// (`client` rows) are copied onto the event they confirm, whichever of the two is stored first.
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
  // a stored event id, or a second confirmation of the same event: nothing happens
  suffix: 'on conflict do nothing',
};

const VISITOR_DAYS: InsertMany<VisitorDaysTable> = {
  table: 'visitor_days',
  columns: ['visitor_id', 'smartlink_id', 'ts'],
  suffix: 'on conflict (visitor_id, smartlink_id) do nothing returning visitor_id, smartlink_id',
};

// Stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 500;

export async function storeEvents(database: Database, events: readonly TrackedEvent[], options: { replayed?: boolean; hooks?: StoreHooks } = {}): Promise<void> {
  if (events.length === 0) return;
  await database.db.transaction().execute(async (trx) => {
    const firstViews = await claimFirstViews(database, trx, events);
    // Key order: concurrent batches then take their row locks in the same order (no deadlock).
    const rows: NewEventRow[] = events.map((e) => ({ ...e, is_unique: firstViews.has(e) ? 1 : 0 })).sort(byKey((r) => r.event_id));
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await insertMany(trx, database.dialect, EVENTS, rows.slice(i, i + ROWS_PER_STATEMENT));
    }
    await recordAdded(trx, database.dialect, events);
    await options.hooks?.enqueue(trx, events); // server-side forwarding (clients that forward only)
    await enqueueMirrored(trx, database, rows); // the legacy mirror (clients in legacy/dual mode only)
  });
  // After the commit, so that of an event and its confirmation committed concurrently (two nodes,
  // or overlapping batches), the second to commit sees the first. A click's beacon leaves before
  // the click request and is often stored first; a replayed view may arrive after its beacon.
  const confirmations = events.filter((e) => e.type === 'client');
  const confirmable = [
    ...confirmations.map((e) => e.confirms as string),
    ...events.filter((e) => e.type === 'click' || (options.replayed && e.type === 'view')).map((e) => e.event_id),
  ];
  if (confirmable.length > 0) {
    const confirmed = await copyConfirmations(database, confirmable);
    if (confirmed.length > 0) await options.hooks?.confirmed(confirmed);
  }
  for (const c of confirmations) if (c.service === null) await countShownPrefetch(database, c.confirms as string);
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
 * runs only once it is shown, so its beacon proves the fan saw it: the exclusion is lifted, and it
 * may be the visitor's first view of the day. (No-op for any other view.)
 */
async function countShownPrefetch(database: Database, viewId: string): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const [view] = await eventsBeforeChange(database, trx, (qb) => qb.where('event_id', '=', viewId).where('type', '=', 'view').where('excluded_reason', '=', 'prefetch'));
    if (!view) return;
    const full = await trx.selectFrom('events').select('visitor_id').where('event_id', '=', viewId).executeTakeFirstOrThrow();
    const claimed = full.visitor_id
      ? await insertMany(trx, database.dialect, VISITOR_DAYS, [{ visitor_id: full.visitor_id, smartlink_id: view.smartlink_id, ts: view.ts }])
      : [];
    await trx
      .updateTable('events')
      .set({ excluded_reason: null, excluded_detail: null, ...(claimed.length > 0 ? { is_unique: 1 } : {}) })
      .where('event_id', '=', viewId)
      .execute();
    await recordChanged(trx, database.dialect, [view]);
  });
}

/** Human views that are their visitor's first of this smartlink today (visitor ids are per day). */
async function claimFirstViews(database: Database, trx: Database['db'], events: readonly TrackedEvent[]): Promise<Set<TrackedEvent>> {
  const candidates = new Map<string, TrackedEvent>();
  for (const e of events) {
    if (e.type !== 'view' || e.excluded_reason || !e.visitor_id) continue;
    const key = `${e.visitor_id}|${e.smartlink_id}`;
    if (!candidates.has(key)) candidates.set(key, e);
  }
  const firsts = new Set<TrackedEvent>();
  const values = [...candidates.values()].map((e) => ({ visitor_id: e.visitor_id as string, smartlink_id: e.smartlink_id, ts: e.ts })).sort(byKey((v) => `${v.visitor_id}|${v.smartlink_id}`));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const claimed = await insertMany<VisitorDaysTable, Pick<VisitorDaysTable, 'visitor_id' | 'smartlink_id'>>(
      trx, database.dialect, VISITOR_DAYS, values.slice(i, i + ROWS_PER_STATEMENT),
    );
    for (const row of claimed) firsts.add(candidates.get(`${row.visitor_id}|${row.smartlink_id}`) as TrackedEvent);
  }
  return firsts;
}

function byKey<T>(key: (row: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

// Commits a batch of events in one transaction. Idempotent: an event id already stored is
// skipped, so a spool replayed twice stores each event once. The unique-visitor flag is decided
// here, by the database, so it is exact across app nodes and restarts.
import type { Database } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { NewEventRow, VisitorDaysTable } from '../db/schema.js';
import type { TrackedEvent } from './event.js';

const EVENTS: InsertMany<NewEventRow> = {
  table: 'events',
  columns: [
    'event_id', 'type', 'client_id', 'smartlink_id', 'service', 'ts',
    'ip_truncated', 'user_agent', 'referrer', 'referrer_host', 'channel', 'country', 'region', 'city',
    'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
    'device_type', 'os', 'browser', 'in_app', 'excluded_reason', 'excluded_detail',
    'visitor_id', 'session_id', 'is_unique', 'conversion_path', 'revenue',
  ],
  suffix: 'on conflict (event_id) do nothing',
};

const VISITOR_DAYS: InsertMany<VisitorDaysTable> = {
  table: 'visitor_days',
  columns: ['visitor_id', 'smartlink_id', 'ts'],
  suffix: 'on conflict (visitor_id, smartlink_id) do nothing returning visitor_id, smartlink_id',
};

// Stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 500;

export async function storeEvents(database: Database, events: readonly TrackedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await database.db.transaction().execute(async (trx) => {
    const firstViews = await claimFirstViews(database, trx, events);
    const rows: NewEventRow[] = events.map((e) => ({ ...e, is_unique: firstViews.has(e) ? 1 : 0 }));
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await insertMany(trx, database.dialect, EVENTS, rows.slice(i, i + ROWS_PER_STATEMENT));
    }
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
  const values = [...candidates.values()].map((e) => ({ visitor_id: e.visitor_id as string, smartlink_id: e.smartlink_id, ts: e.ts }));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const claimed = await insertMany<VisitorDaysTable, Pick<VisitorDaysTable, 'visitor_id' | 'smartlink_id'>>(
      trx, database.dialect, VISITOR_DAYS, values.slice(i, i + ROWS_PER_STATEMENT),
    );
    for (const row of claimed) firsts.add(candidates.get(`${row.visitor_id}|${row.smartlink_id}`) as TrackedEvent);
  }
  return firsts;
}

// Commits a batch of events in one transaction. Idempotent: an event id already stored is
// skipped, so a spool replayed twice stores each event once. The unique-visitor flag is decided
// here, by the database, so it is exact across app nodes and restarts.
import type { Kysely } from 'kysely';
import type { NewEventRow, Schema } from '../db/schema.js';
import type { TrackedEvent } from './event.js';

// 36 columns per event row: stays under SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const ROWS_PER_STATEMENT = 400;

export async function storeEvents(db: Kysely<Schema>, events: readonly TrackedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const firstViews = await claimFirstViews(trx, events);
    const rows: NewEventRow[] = events.map((e) => ({ ...e, is_unique: firstViews.has(e) ? 1 : 0 }));
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('events')
        .values(rows.slice(i, i + ROWS_PER_STATEMENT))
        .onConflict((oc) => oc.column('event_id').doNothing())
        .execute();
    }
  });
}

/** Human views that are their visitor's first of this smartlink today (visitor ids are per day). */
async function claimFirstViews(trx: Kysely<Schema>, events: readonly TrackedEvent[]): Promise<Set<TrackedEvent>> {
  const candidates = new Map<string, TrackedEvent>();
  for (const e of events) {
    if (e.type !== 'view' || e.excluded_reason || !e.visitor_id) continue;
    const key = `${e.visitor_id}|${e.smartlink_id}`;
    if (!candidates.has(key)) candidates.set(key, e);
  }
  const firsts = new Set<TrackedEvent>();
  const values = [...candidates.values()].map((e) => ({ visitor_id: e.visitor_id as string, smartlink_id: e.smartlink_id, ts: e.ts }));
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    const claimed = await trx
      .insertInto('visitor_days')
      .values(values.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['visitor_id', 'smartlink_id']).doNothing())
      .returning(['visitor_id', 'smartlink_id'])
      .execute();
    for (const row of claimed) firsts.add(candidates.get(`${row.visitor_id}|${row.smartlink_id}`) as TrackedEvent);
  }
  return firsts;
}

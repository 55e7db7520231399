// The browser's confirmations (Engine 2's `client` rows) copied onto the events they confirm, and
// prefetched views a confirmation proves were shown. Both change stored events: through
// change.ts, so the rollups follow.
import type { ExpressionBuilder } from 'kysely';
import type { Connection } from '../db/database.js';
import type { EventsTable, Schema } from '../db/schema.js';
import { changeEvents } from './change.js';
import { claimFirstViews } from './first-views.js';

const CHUNK = 500;

/** Copies the stored confirmation (the first one) onto each of these events not yet confirmed. Returns those it confirmed. */
export async function copyConfirmations(database: Connection, eventIds: readonly string[]): Promise<string[]> {
  const done: string[] = [];
  const confirmation = (eb: ExpressionBuilder<Schema & { e: EventsTable }, 'e'>) => eb.selectFrom('events as c').whereRef('c.confirms', '=', 'e.event_id');
  for (let i = 0; i < eventIds.length; i += CHUNK) {
    const confirmed = await database.db.transaction().execute((trx) =>
      changeEvents(
        database,
        trx,
        (qb) =>
          qb
            .where('event_id', 'in', eventIds.slice(i, i + CHUNK))
            .where('client_confirmed_at', 'is', null)
            .where('type', '!=', 'client')
            .where((eb) => eb.exists(eb.selectFrom('events as c').select('c.event_id').whereRef('c.confirms', '=', 'events.event_id'))),
        async (before) => {
          await trx
            .updateTable('events as e')
            .set((eb) => ({
              client_confirmed_at: confirmation(eb).select('c.client_confirmed_at'),
              client_tags: confirmation(eb).select('c.client_tags'),
              client_consent: confirmation(eb).select('c.client_consent'),
            }))
            .where('e.event_id', 'in', before.map((e) => e.event_id))
            .execute();
        },
      ),
    );
    for (const e of confirmed) done.push(e.event_id);
  }
  return done;
}

/**
 * A prefetched or prerendered view is stored as a prefetch, out of human metrics. Its page script
 * runs only once it is shown, so a view confirmation proves the fan saw it: the exclusion is
 * lifted, and it may be the visitor's first view of the day. `viewIds`: views that may have a
 * confirmation; one indexed read finds none a prefetch, the usual case.
 */
export async function countShownPrefetches(database: Connection, viewIds: readonly string[]): Promise<void> {
  for (let i = 0; i < viewIds.length; i += CHUNK) {
    const shown = await database.db
      .selectFrom('events as e')
      .select(['e.event_id', 'e.visitor_id'])
      .where('e.event_id', 'in', viewIds.slice(i, i + CHUNK))
      .where('e.type', '=', 'view')
      .where('e.excluded_reason', '=', 'prefetch')
      .where((eb) => eb.exists(eb.selectFrom('events as c').select('c.event_id').whereRef('c.confirms', '=', 'e.event_id')))
      .execute();
    if (shown.length === 0) continue;
    const visitorOf = new Map(shown.map((v) => [v.event_id, v.visitor_id]));
    await database.db.transaction().execute((trx) =>
      changeEvents(
        database,
        trx,
        (qb) => qb.where('event_id', 'in', [...visitorOf.keys()]).where('excluded_reason', '=', 'prefetch'),
        async (views) => {
          const firsts = await claimFirstViews(database, trx, views.map((v) => ({ ...v, visitor_id: visitorOf.get(v.event_id) ?? null })));
          await trx.updateTable('events').set({ excluded_reason: null, excluded_detail: null }).where('event_id', 'in', views.map((v) => v.event_id)).execute();
          if (firsts.size > 0) await trx.updateTable('events').set({ is_unique: 1 }).where('event_id', 'in', [...firsts].map((v) => v.event_id)).execute();
        },
      ),
    );
  }
}

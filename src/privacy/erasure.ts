// The right to erasure: every event of one event id, session or visitor (within a client, or every
// client for master), with the browser confirmations of those events and the visitor's first-view
// claims on that client's smartlinks (never another client's), in one transaction, through the event store: the rollups then count what remains, as if the
// events had never been.
// Audited by the caller.
import { PLATFORMS as FORWARDING_PLATFORMS } from '../forwarding/settings.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deleteEvents } from '../events/change.js';
import type { Schema } from '../db/schema.js';
import { dayOfId } from '../tracking/visitor.js';

export type ErasureTarget = { readonly eventId: string } | { readonly sessionId: string } | { readonly visitorId: string };

export interface Erasure {
  readonly events: number; // views and clicks
  readonly confirmations: number; // the browser's confirmations of them
}

const CHUNK = 500;

/** What a target names, for the audit log: "visitor:…", "session:…", "event:…". */
export function describeTarget(target: ErasureTarget): string {
  return 'eventId' in target ? `event:${target.eventId}` : 'sessionId' in target ? `session:${target.sessionId}` : `visitor:${target.visitorId}`;
}

/** One line for a person: what was erased, or plainly that nothing was stored for that id. */
export async function erase(database: Database, clientId: string | null, target: ErasureTarget, trx?: Kysely<Schema>): Promise<Erasure> {
  if (!trx) return database.db.transaction().execute((t) => erase(database, clientId, target, t));
  // A visitor's or session's events are all of its day (its id says which): found through (client, ts).
  const day = 'eventId' in target ? null : dayOfId('visitorId' in target ? target.visitorId : target.sessionId);
  if (!('eventId' in target) && !day) return { events: 0, confirmations: 0 }; // not an id Duotrack made: nothing of it is stored
  const every = clientId !== null ? [clientId] : (await trx.selectFrom('clients').select('id').execute()).map((c) => c.id);
  const clientIds = every.length > 0 ? every : [''];
  const found = await deleteEvents(database, trx, (qb) =>
    qb
      .where('client_id', 'in', clientIds)
      .$if('eventId' in target, (q) => q.where('event_id', '=', (target as { eventId: string }).eventId))
      .$if(day !== null, (q) => q.where('ts', '>=', day!.start).where('ts', '<', day!.end))
      .$if('sessionId' in target, (q) => q.where('session_id', '=', (target as { sessionId: string }).sessionId))
      .$if('visitorId' in target, (q) => q.where('visitor_id', '=', (target as { visitorId: string }).visitorId)),
  );
  const ids = found.map((e) => e.event_id);
  const confirmations = [];
  for (let i = 0; i < ids.length; i += CHUNK) confirmations.push(...(await deleteEvents(database, trx, (qb) => qb.where('confirms', 'in', ids.slice(i, i + CHUNK)))));
  const all = [...found, ...confirmations];
  // their server-side forwarding deliveries too (a copy of the user agent, cookies, truncated IP), sent or not
  for (let i = 0; i < ids.length; i += CHUNK) {
    await trx.deleteFrom('deliveries').where('id', 'in', ids.slice(i, i + CHUNK).flatMap((id) => FORWARDING_PLATFORMS.map((p) => `${p}:${id}`))).execute();
  }
  if ('visitorId' in target) {
    await trx
      .deleteFrom('visitor_days')
      .where('visitor_id', '=', target.visitorId)
      .where('smartlink_id', 'in', trx.selectFrom('smartlinks').select('id').where('client_id', 'in', clientIds))
      .execute();
  }
  return { events: all.filter((e) => e.type !== 'client').length, confirmations: all.filter((e) => e.type === 'client').length };
}

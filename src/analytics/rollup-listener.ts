// The rollups as a listener of the event store (src/events/): every event added is counted, every
// change takes the event out as it was and counts it as it is, every deletion takes it out — in
// the transaction that changes the events. Retention drops whole hours and days at once.
import type { Kysely } from 'kysely';
import type { Connection } from '../db/database.js';
import type { EventRow, Schema } from '../db/schema.js';
import type { EventListener } from '../events/listeners.js';
import { ROLLUP_EVENT_COLUMNS } from './dimensions.js';
import { deleteBefore } from './rollup-levels.js';
import { addToRollups, dayStarts, passed, writeSums, type FoldedEvent } from './rollup-writer.js';
import { bucketStart, hourAlignment } from './time-zone.js';

const HOUR_MS = 3_600_000;
const CHUNK = 500;

export const rollupListener: EventListener = {
  added: (database, trx, events) => addToRollups(database, trx, events.map((event) => ({ event, sign: 1 }))),
  changed: (database, trx, before, after) =>
    addToRollups(database, trx, [...before.map((event) => ({ event, sign: -1 as const })), ...after.map((event) => ({ event, sign: 1 as const }))]),
  deleting: (database, trx, events) => addToRollups(database, trx, events.map((event) => ({ event, sign: -1 }))),
  truncating: dropHoursBefore,
};

/**
 * The local hours of a client that end by `before` lose every event: their rows go, and the day
 * rows of the days that end by then. What this transaction deletes of a later hour, or of the day
 * holding `before`, is taken out of that hour's or day's rows.
 */
async function dropHoursBefore(database: Connection, trx: Kysely<Schema>, clientId: string, before: number, events: readonly Pick<EventRow, 'event_id' | 'ts'>[]): Promise<void> {
  const client = await trx.selectFrom('clients as c').leftJoin('rollup_rebuilds as r', 'r.client_id', 'c.id').select(['c.time_zone', 'r.after_ts', 'r.after_event_id']).where('c.id', '=', clientId).executeTakeFirst();
  const zone = client?.time_zone ?? 'UTC';
  const emptiedHours = bucketStart(before - HOUR_MS, hourAlignment(zone)) + HOUR_MS;
  const emptiedDays = dayStarts(zone)(emptiedHours);
  await deleteBefore(trx, 'rollups', clientId, emptiedHours);
  await deleteBefore(trx, 'rollups_daily', clientId, emptiedDays);
  const later = events.filter((e) => e.ts >= emptiedDays).map((e) => e.event_id);
  const taken: FoldedEvent[] = [];
  for (let i = 0; i < later.length; i += CHUNK) {
    taken.push(...(await trx.selectFrom('events').select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS]).where('event_id', 'in', later.slice(i, i + CHUNK)).execute()));
  }
  // A rebuild under way counts only what its watermark passed.
  const counted = client?.after_ts == null ? taken : taken.filter((e) => passed(e, client.after_ts as number, client.after_event_id as string));
  const out = (list: readonly FoldedEvent[]) => list.map((event) => ({ event, sign: -1 as const }));
  await writeSums(database, trx, clientId, zone, out(counted.filter((e) => e.ts >= emptiedHours)), ['rollups']);
  await writeSums(database, trx, clientId, zone, out(counted), ['rollups_daily']);
}

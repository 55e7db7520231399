// The rollups as a listener of the event store (src/events/): every event added is counted, every
// change takes the event out as it was and counts it as it is, every deletion takes it out — in
// the transaction that changes the events. Retention drops whole hours at once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { EventRow, Schema } from '../db/schema.js';
import type { EventListener } from '../events/listeners.js';
import { COUNTS } from './counts.js';
import { ROLLUP_EVENT_COLUMNS } from './dimensions.js';
import { addToRollups, dayStarts, type FoldedEvent } from './rollup-writer.js';
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
 * rows before the day holding `before`; that day is summed again from the hour rows it keeps. The
 * events of later hours that go too (`events` at or after the last emptied hour) are taken out.
 */
async function dropHoursBefore(database: Database, trx: Kysely<Schema>, clientId: string, before: number, events: readonly Pick<EventRow, 'event_id' | 'ts'>[]): Promise<void> {
  const zone = (await trx.selectFrom('clients').select('time_zone').where('id', '=', clientId).executeTakeFirst())?.time_zone ?? 'UTC';
  const emptiedEnd = bucketStart(before - HOUR_MS, hourAlignment(zone)) + HOUR_MS;
  await trx.deleteFrom('rollups').where('client_id', '=', clientId).where('bucket', '<', emptiedEnd).execute();
  const day = dayStarts(zone)(emptiedEnd);
  await trx.deleteFrom('rollups_daily').where('client_id', '=', clientId).where('bucket', '<', day).execute();
  if (day < emptiedEnd) await sumDay(trx, clientId, day, dayStarts(zone)(day + 36 * HOUR_MS));
  const later = events.filter((e) => e.ts >= emptiedEnd).map((e) => e.event_id);
  const taken: FoldedEvent[] = [];
  for (let i = 0; i < later.length; i += CHUNK) {
    taken.push(...(await trx.selectFrom('events').select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS]).where('event_id', 'in', later.slice(i, i + CHUNK)).execute()));
  }
  await addToRollups(database, trx, taken.map((event) => ({ event, sign: -1 })));
}

/** A day's rows recomputed from its hour rows [start, end). */
async function sumDay(trx: Kysely<Schema>, clientId: string, start: number, end: number): Promise<void> {
  await trx.deleteFrom('rollups_daily').where('client_id', '=', clientId).where('bucket', '=', start).execute();
  await trx
    .insertInto('rollups_daily')
    .columns(['client_id', 'smartlink_id', 'dim', 'bucket', 'value', ...COUNTS])
    .expression((eb) =>
      eb
        .selectFrom('rollups')
        .select(['client_id', 'smartlink_id', 'dim', sql<number>`${start}`.as('bucket'), 'value', ...COUNTS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))])
        .where('client_id', '=', clientId)
        .where('bucket', '>=', start)
        .where('bucket', '<', end)
        .groupBy(['client_id', 'smartlink_id', 'dim', 'value']),
    )
    .execute();
}

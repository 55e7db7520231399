// Folds the change log (rollup-deltas.ts) into the rollups: each pending event is added as stored,
// each snapshot taken out, and the sums added to the stored rows, so a fold costs what changed
// since the last one, however busy the hour. Rows left counting nothing are deleted, so the
// rollups are exactly what a fold of the raw events from scratch gives (a rebuild). Each sum goes
// to the hour's row and to the local day's (`rollups_daily`), so a day row is always the sum of
// its hours' rows. Safe with
// several app nodes: on PostgreSQL one fold runs at a time (an advisory lock); SQLite serialises
// writers anyway.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { RollupsTable, Schema } from '../db/schema.js';
import { aggregateEvents, byDay, type Contribution } from './aggregate.js';
import { ROLLUP_EVENT_COLUMNS, type RollupEvent } from './dimensions.js';
import { FOLD_LOCK } from './rollup-deltas.js';
import { bucketStart, hourAlignment, localTime, startOfDay } from './time-zone.js';

const COUNTS = ['views', 'uniques', 'clicks', 'revenue', 'confirmed_views', 'browser_views', 'browser_views_stored'] as const;
export type RollupTable = 'rollups' | 'rollups_daily';
const addTo = (table: RollupTable): InsertMany<RollupsTable> => ({
  table,
  columns: ['client_id', 'smartlink_id', 'dim', 'bucket', 'value', ...COUNTS],
  suffix: `on conflict (client_id, smartlink_id, dim, bucket, value) do update set ${COUNTS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`,
});
const ADD = { rollups: addTo('rollups'), rollups_daily: addTo('rollups_daily') } as const;
/**
 * Deltas per transaction. Between two, the fold gives the event loop a turn: on SQLite a chunk
 * runs synchronously, and a long one holds up every page waiting for its commit. Small chunks for
 * what the periodic fold finds (2 s of even a heavy load); a backlog beyond that (a rebuild) goes
 * in big ones, which merge more events into each row (3× faster at 4,000 than at 250).
 */
const CHUNK_SMALL = 250;
const CHUNK_BIG = 4000;
const BIG_AFTER = 10_000 / CHUNK_SMALL; // full small chunks in a row
const CHUNK = 500;

export interface FoldResult {
  readonly deltas: number;
  readonly rows: number; // rollup rows added to
}

/** Folds every pending delta, chunk by chunk. Returns what it did. */
export async function foldRollups(database: Database): Promise<FoldResult> {
  let deltas = 0;
  let rows = 0;
  for (let chunks = 0; ; chunks++) {
    const size = chunks < BIG_AFTER ? CHUNK_SMALL : CHUNK_BIG;
    const done = await database.db.transaction().execute((trx) => foldChunk(database, trx, size));
    deltas += done.deltas;
    rows += done.rows;
    if (done.deltas < size) return { deltas, rows };
    await nextTurn();
  }
}

async function foldChunk(database: Database, trx: Kysely<Schema>, size: number): Promise<FoldResult> {
  await lockFolds(database, trx);
  const deltas = await trx.selectFrom('rollup_deltas').select(['id', 'client_id', 'event_id', 'snapshot']).orderBy('id').limit(size).execute();
  if (deltas.length === 0) return { deltas: 0, rows: 0 };

  const added = deltas.filter((d) => d.snapshot === null).map((d) => d.event_id);
  const stored = new Map<string, RollupEvent & { client_id: string }>();
  for (let i = 0; i < added.length; i += CHUNK) {
    const rows = await trx.selectFrom('events').select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS]).where('event_id', 'in', added.slice(i, i + CHUNK)).execute();
    for (const r of rows) stored.set(r.event_id, r);
  }
  const byClient = new Map<string, Contribution[]>();
  for (const d of deltas) {
    const event = d.snapshot === null ? stored.get(d.event_id) : (JSON.parse(d.snapshot) as RollupEvent);
    if (!event) continue; // deleted since, with its pending add: nothing to add
    let list = byClient.get(d.client_id);
    if (!list) byClient.set(d.client_id, (list = []));
    list.push({ event, sign: d.snapshot === null ? 1 : -1 });
  }

  const zones = await trx.selectFrom('clients').select(['id', 'time_zone']).where('id', 'in', [...byClient.keys()]).execute();
  const zoneOf = new Map(zones.map((z) => [z.id, z.time_zone]));
  let written = 0;
  for (const [clientId, contributions] of byClient) {
    const zone = zoneOf.get(clientId) ?? 'UTC';
    const alignment = hourAlignment(zone);
    const hours = aggregateEvents(clientId, (ts) => bucketStart(ts, alignment), contributions);
    const levels = [['rollups', hours], ['rollups_daily', byDay(hours, dayStarts(zone))]] as const;
    for (const [table, rows] of levels) {
      for (let i = 0; i < rows.length; i += 400) await insertMany(trx, database.dialect, ADD[table], rows.slice(i, i + 400));
      if (contributions.some((c) => c.sign < 0)) await deleteEmptyRows(trx, table, clientId, rows);
      written += rows.length;
    }
  }
  const ids = deltas.map((d) => d.id);
  for (let i = 0; i < ids.length; i += CHUNK) await trx.deleteFrom('rollup_deltas').where('id', 'in', ids.slice(i, i + CHUNK)).execute();
  return { deltas: deltas.length, rows: written };
}

/** The start of the local day holding an hour, remembered per hour. */
export function dayStarts(timeZone: string): (bucket: number) => number {
  const known = new Map<number, number>();
  return (bucket) => {
    let day = known.get(bucket);
    if (day === undefined) known.set(bucket, (day = startOfDay(localTime(bucket, timeZone).date, timeZone)));
    return day;
  };
}

/** After subtractions: the rows of these buckets that now count nothing (a rebuild would not write them). */
async function deleteEmptyRows(trx: Kysely<Schema>, table: RollupTable, clientId: string, rows: readonly RollupsTable[]): Promise<void> {
  if (rows.length === 0) return;
  let [first, last] = [Infinity, -Infinity];
  for (const r of rows) [first, last] = [Math.min(first, r.bucket), Math.max(last, r.bucket)];
  // A range, not `bucket in (…)`: without statistics, SQLite would walk the key's `client_id`
  // prefix (all the client's rollups) rather than the (client_id, bucket) index.
  await trx
    .deleteFrom(table)
    .where('client_id', '=', clientId)
    .where('bucket', '>=', first)
    .where('bucket', '<=', last)
    .where((eb) => eb.and([...COUNTS.filter((c) => c !== 'revenue').map((c) => eb(c, '=', 0)), eb(sql`abs(revenue)`, '<', 1e-8)]))
    .execute();
}

/** A day's rows recomputed from its hour rows [start, end) (after a purge emptied part of the day). */
export async function sumDay(trx: Kysely<Schema>, clientId: string, start: number, end: number): Promise<void> {
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

/**
 * After a client's time zone moves its hours (UTC → Asia/Kolkata), every stored hour of that
 * client must be refolded: drop its rollups and pending deltas, and log each of its events as added.
 */
export async function scheduleRebuild(database: Database, trx: Kysely<Schema>, clientId: string): Promise<void> {
  // A fold running now would write hours of the old alignment after this delete: wait for it.
  await lockFolds(database, trx);
  await trx.deleteFrom('rollups').where('client_id', '=', clientId).execute();
  await trx.deleteFrom('rollups_daily').where('client_id', '=', clientId).execute();
  await trx.deleteFrom('rollup_deltas').where('client_id', '=', clientId).execute();
  await trx
    .insertInto('rollup_deltas')
    .columns(['client_id', 'event_id', 'ts'])
    .expression((eb) => eb.selectFrom('events').select(['client_id', 'event_id', 'ts']).where('client_id', '=', clientId))
    .execute();
}

/**
 * One fold (or rebuild, or retention purge batch) at a time across app nodes, until the
 * transaction ends; writers that change events wait for it (rollup-deltas.ts).
 */
export async function lockFolds(database: Database, trx: Kysely<Schema>): Promise<void> {
  // Keyed by schema too: installations (or test runs) in other schemas of one database never wait on each other.
  if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${FOLD_LOCK}, hashtext(current_schema()))`.execute(trx);
}

export interface RollupFolder {
  /**
   * Folds everything logged before this call. Concurrent callers share runs: a call made while a
   * fold is running waits for the next one (the running one may have missed its changes).
   */
  fold(): Promise<void>;
  /** Resolves when no fold is running (at shutdown, before the database closes). */
  settled(): Promise<void>;
}

export function createRollupFolder(database: Database): RollupFolder {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const run = (): Promise<void> => {
    running = foldRollups(database).then(
      () => void (running = null),
      (err: unknown) => {
        running = null;
        throw err;
      },
    );
    return running;
  };
  return {
    fold() {
      if (!running) return run();
      next ??= running.catch(() => {}).then(() => {
        next = null;
        return run();
      });
      return next;
    },
    settled: () => (next ?? running ?? Promise.resolve()).catch(() => {}),
  };
}

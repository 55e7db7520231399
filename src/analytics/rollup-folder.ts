// Folds the change log into the rollups: each changed hour is recomputed from the raw events, so
// a rollup always equals a recomputation, whatever changed (a new event, a late confirmation, a
// prefetch shown, an erasure). Safe with several app nodes: on PostgreSQL one fold runs at a time
// (an advisory lock); SQLite serialises writers anyway.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { RollupsTable, Schema } from '../db/schema.js';
import { aggregateBucket } from './aggregate.js';
import { ROLLUP_EVENT_COLUMNS } from './dimensions.js';
import { bucketsOfUtcHour, hourAlignment } from './time-zone.js';

const HOUR_MS = 3_600_000;
const ROLLUP_COLUMNS = [
  'client_id', 'smartlink_id', 'dim', 'bucket', 'value', 'views', 'uniques', 'clicks', 'revenue', 'confirmed_views', 'browser_views', 'browser_views_stored',
] as const;
const ROLLUPS: InsertMany<RollupsTable> = { table: 'rollups', columns: [...ROLLUP_COLUMNS], suffix: '' };
/** Change entries per transaction: a long rebuild lets the event writer in between chunks. */
const CHANGES_PER_FOLD = 200;
const FOLD_LOCK = 7_346_001; // pg advisory lock key for "the rollup fold"

export interface FoldResult {
  readonly changes: number;
  readonly buckets: number;
}

/** Folds every pending change, chunk by chunk. Returns what it did. */
export async function foldRollups(database: Database): Promise<FoldResult> {
  let changes = 0;
  let buckets = 0;
  for (;;) {
    const done = await database.db.transaction().execute((trx) => foldChunk(database, trx));
    changes += done.changes;
    buckets += done.buckets;
    if (done.changes < CHANGES_PER_FOLD) return { changes, buckets };
  }
}

async function foldChunk(database: Database, trx: Kysely<Schema>): Promise<FoldResult> {
  await lockFolds(database, trx);
  const changes = await trx.selectFrom('rollup_changes').select(['id', 'client_id', 'hour']).limit(CHANGES_PER_FOLD).execute();
  if (changes.length === 0) return { changes: 0, buckets: 0 };

  const hoursByClient = new Map<string, Set<number>>();
  for (const c of changes) {
    let hours = hoursByClient.get(c.client_id);
    if (!hours) hoursByClient.set(c.client_id, (hours = new Set()));
    hours.add(Number(c.hour));
  }
  const zones = await trx.selectFrom('clients').select(['id', 'time_zone']).where('id', 'in', [...hoursByClient.keys()]).execute();
  const zoneOf = new Map(zones.map((z) => [z.id, z.time_zone]));

  let buckets = 0;
  for (const [clientId, hours] of hoursByClient) {
    const alignment = hourAlignment(zoneOf.get(clientId) ?? 'UTC');
    const starts = new Set<number>();
    for (const hour of hours) for (const b of bucketsOfUtcHour(hour, alignment)) starts.add(b);
    for (const bucket of starts) await refold(database, trx, clientId, bucket);
    buckets += starts.size;
  }
  await trx.deleteFrom('rollup_changes').where('id', 'in', changes.map((c) => c.id)).execute();
  return { changes: changes.length, buckets };
}

/** Replaces one client's rollup rows of one bucket with a recomputation from its raw events. */
async function refold(database: Database, trx: Kysely<Schema>, clientId: string, bucket: number): Promise<void> {
  const events = await trx
    .selectFrom('events')
    .select([...ROLLUP_EVENT_COLUMNS])
    .where('client_id', '=', clientId)
    .where('ts', '>=', bucket)
    .where('ts', '<', bucket + HOUR_MS)
    .execute();
  // A range, not `bucket = ?` (same rows: a client's buckets are an hour apart): without statistics,
  // SQLite deletes `client_id = ? AND bucket = ?` through the key's `client_id` prefix, a scan of
  // all the client's rollups per bucket (3× slower folds at 2 M events); a range uses (client_id, bucket).
  await trx.deleteFrom('rollups').where('client_id', '=', clientId).where('bucket', '>=', bucket).where('bucket', '<', bucket + HOUR_MS).execute();
  const rows = aggregateBucket(clientId, bucket, events);
  for (let i = 0; i < rows.length; i += 400) await insertMany(trx, database.dialect, ROLLUPS, rows.slice(i, i + 400));
}

/**
 * After a client's time zone moves its hours (UTC → Asia/Kolkata), every stored hour of that
 * client must be refolded: drop its rollups and log each hour that has events as changed.
 */
export async function scheduleRebuild(database: Database, trx: Kysely<Schema>, clientId: string): Promise<void> {
  // A fold running now would write hours of the old alignment after this delete: wait for it.
  await lockFolds(database, trx);
  await trx.deleteFrom('rollups').where('client_id', '=', clientId).execute();
  await trx
    .insertInto('rollup_changes')
    .columns(['id', 'client_id', 'hour'])
    .expression((eb) =>
      eb
        .selectFrom('events')
        .select([
          sql<string>`cast(${clientId} as text) || ':' || cast(ts - ts % ${HOUR_MS} as text)`.as('id'),
          'client_id',
          sql<number>`ts - ts % ${HOUR_MS}`.as('hour'),
        ])
        .where('client_id', '=', clientId)
        .distinct(),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * One fold (or rebuild, or retention purge batch) at a time across app nodes, until the
 * transaction ends.
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

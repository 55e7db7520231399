// Rebuilds a client's rollups from its raw events, in the background: after its time zone moved
// its hours (UTC → Asia/Kolkata), every stored hour of that client must be summed again. The
// rebuild drops the client's rollups and sets a watermark before its first event; each fold chunk
// reads the next events in (ts, event_id) order, adds their sums and moves the watermark, until
// none is left. Meanwhile the event writers (rollup-writer.ts) add only what the watermark has
// passed, so that every event is counted once, by one of the two. Safe with several app nodes: on
// PostgreSQL a chunk holds the rollups' lock exclusively (writers hold it shared); SQLite
// serialises writers anyway.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Connection, Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { ROLLUP_EVENT_COLUMNS } from './dimensions.js';
import { FOLD_LOCK, writeSums } from './rollup-writer.js';

/** Events per transaction: big enough to merge many events into each row, short enough not to hold up the event writer long. */
const CHUNK = 5000;

export interface FoldResult {
  readonly events: number; // events folded
  readonly rows: number; // rollup rows added to
}

/** Folds every pending rebuild, chunk by chunk, yielding between chunks. Returns what it did. */
export async function foldRollups(database: Database): Promise<FoldResult> {
  let events = 0;
  let rows = 0;
  for (;;) {
    const done = await foldNext(database);
    if (!done) return { events, rows };
    events += done.events;
    rows += done.rows;
    await nextTurn();
  }
}

/** The next chunk (at most `size` events) of one pending rebuild, in a transaction; null when none is pending. */
export async function foldNext(database: Database, size = CHUNK): Promise<FoldResult | null> {
  // SQLite: in the thread that owns the connection, so that the chunk's events and rollup rows are not copied between threads.
  return database.inDatabaseThread ? database.inDatabaseThread('foldNext', size) : foldInTransaction(database, size);
}

/** foldNext where the connection is (sqlite-procedures.ts). */
export function foldInTransaction(database: Connection, size: number): Promise<FoldResult | null> {
  return database.db.transaction().execute((trx) => foldChunk(database, trx, size));
}

async function foldChunk(database: Connection, trx: Kysely<Schema>, size: number): Promise<FoldResult | null> {
  await lockFolds(database, trx);
  const rebuild = await trx
    .selectFrom('rollup_rebuilds as r')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .select(['r.client_id', 'r.after_ts', 'r.after_event_id', 'c.time_zone'])
    .orderBy('r.client_id')
    .limit(1)
    .executeTakeFirst();
  if (!rebuild) {
    await trx.deleteFrom('rollup_rebuilds').execute(); // of clients deleted since
    return null;
  }
  const { client_id: clientId, after_ts: afterTs, after_event_id: afterId } = rebuild;
  const events = await trx
    .selectFrom('events')
    .select(['event_id', 'client_id', ...ROLLUP_EVENT_COLUMNS])
    .where('client_id', '=', clientId)
    .where('ts', '>=', afterTs)
    .where((eb) => eb.or([eb('ts', '>', afterTs), eb('event_id', '>', afterId)]))
    .orderBy('ts')
    .orderBy('event_id')
    .limit(size)
    .execute();
  const rows = await writeSums(database, trx, clientId, rebuild.time_zone, events.map((event) => ({ event, sign: 1 as const })));
  const last = events[events.length - 1];
  if (events.length < size || !last) await trx.deleteFrom('rollup_rebuilds').where('client_id', '=', clientId).execute();
  else await trx.updateTable('rollup_rebuilds').set({ after_ts: last.ts, after_event_id: last.event_id }).where('client_id', '=', clientId).execute();
  return { events: events.length, rows };
}

/**
 * Drops a client's rollups and schedules their rebuild from its events, in the caller's
 * transaction (a time zone change, with the change itself).
 */
export async function scheduleRebuild(database: Database, trx: Kysely<Schema>, clientId: string): Promise<void> {
  // A chunk of an earlier rebuild running now would write hours of the old alignment after this delete: wait for it.
  await lockFolds(database, trx);
  await trx.deleteFrom('rollups').where('client_id', '=', clientId).execute();
  await trx.deleteFrom('rollups_daily').where('client_id', '=', clientId).execute();
  await trx
    .insertInto('rollup_rebuilds')
    .values({ client_id: clientId, after_ts: Number.MIN_SAFE_INTEGER, after_event_id: '' })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ after_ts: Number.MIN_SAFE_INTEGER, after_event_id: '' }))
    .execute();
}

/**
 * One rebuild chunk (or retention purge batch) at a time across app nodes, until the transaction
 * ends; writers that add to the rollups wait for it (rollup-writer.ts).
 */
export async function lockFolds(database: Connection, trx: Kysely<Schema>): Promise<void> {
  // Keyed by schema too: installations (or test runs) in other schemas of one database never wait on each other.
  if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${FOLD_LOCK}, hashtext(current_schema()))`.execute(trx);
}

export interface RollupFolder {
  /**
   * Folds every pending rebuild. Concurrent callers share runs: a call made while a fold is
   * running waits for the next one (the running one may have missed a rebuild scheduled since).
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

// Retention: a client's raw events are kept `settings.analyticsRetentionDays` days, and its rollups
// with them; the first-view claims (daily visitor hashes) 48 hours; a finished day's salt not at
// all. The purge deletes events oldest first, in short transactions (SQLite lets one writer in at a
// time: a long one would hold up the event writer), yielding to the event loop in between, through
// the event store (src/events/purge.ts): each transaction also deletes the rollup rows of the hours
// it emptied and takes out of the hour it cut into the events it deleted there, so that after
// every commit the rollups count the remaining events: an interrupted purge leaves nothing half done.
// On PostgreSQL a month partition of events wholly past its clients' cutoffs is dropped whole
// first (src/events/partitions.ts), and the partitions of the months ahead are created.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { countBefore } from '../analytics/rollup-levels.js';
import { deleteUnusedArtworks } from '../artwork/cleanup.js';
import type { Database } from '../db/database.js';
import { deleteOldest, dropExpiredMonths } from '../events/purge.js';
import { ensurePartitions } from '../events/partitions.js';
import type { Schema } from '../db/schema.js';
import { DEFAULT_SETTINGS, listClients } from '../tenants/client.js';
import { countExpiredSalts, deleteExpiredSalts } from '../tracking/daily-salts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** First-view claims hold per-day visitor ids: one from two days ago can never match again. */
export const VISITOR_DAYS_KEPT_MS = 48 * HOUR_MS;

export interface PurgeOptions {
  /** The purge's clock, epoch ms. Default: Date.now(). */
  readonly now?: number;
  /** Count what would be deleted; change nothing. */
  readonly dryRun?: boolean;
  /** Rows per transaction. Default 5000. */
  readonly batchSize?: number;
  /** Stops between two transactions (shutdown): what was done is consistent, the rest waits for the next run. */
  readonly signal?: AbortSignal;
}

export interface ClientPurge {
  readonly clientId: string;
  readonly name: string;
  readonly retentionDays: number;
  /** Events before this instant (epoch ms) are beyond the window: now − retentionDays × 24 h. */
  readonly cutoff: number;
  /** Raw events deleted (or that would be). */
  readonly events: number;
  /** Rollup rows of hours wholly before the cutoff; the hour holding it is recomputed from what remains. */
  readonly rollups: number;
}

export interface PurgeResult {
  readonly dryRun: boolean;
  readonly now: number;
  readonly clients: readonly ClientPurge[];
  /** First-view claims older than 48 hours. */
  readonly visitorDays: number;
  /** Salts of finished UTC days (normally already deleted by each node's refresh). */
  readonly salts: number;
  /** Outbound deliveries settled (sent, skipped, dead) more than 7 days ago: they hold copies of user agents and cookies. */
  readonly deliveries: number;
  /** Artwork copies no smartlink has used for 24 hours, with their files (src/artwork/cleanup.ts). */
  readonly artworks: number;
}

export async function purgeExpired(database: Database, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { now = Date.now(), dryRun = false, batchSize = 5000, signal } = options;
  const db = database.db;
  const windows = (await listClients(db)).map((client) => {
    const retentionDays = client.settings.analyticsRetentionDays ?? DEFAULT_SETTINGS.analyticsRetentionDays;
    return { client, retentionDays, cutoff: now - retentionDays * DAY_MS };
  });
  const cutoffs = new Map(windows.map((w) => [w.client.id, w.cutoff]));
  const expiredRollups = new Map<string, number>();
  let dropped = new Map<string, number>();
  if (!dryRun) {
    await ensurePartitions(database, now);
    for (const w of windows) expiredRollups.set(w.client.id, await countExpiredRollups(db, w.client.id, w.cutoff));
    // A client not listed (being deleted) keeps its months: none of its events is "before its cutoff".
    dropped = await dropExpiredMonths(database, (clientId) => cutoffs.get(clientId) ?? Number.NEGATIVE_INFINITY, now);
  }
  const clients: ClientPurge[] = [];
  for (const { client, retentionDays, cutoff } of windows) {
    if (signal?.aborted) break;
    const counts = dryRun
      ? await countClient(db, client.id, cutoff)
      : {
          events: (dropped.get(client.id) ?? 0) + (await purgeClient(database, client.id, cutoff, batchSize, signal)),
          rollups: (expiredRollups.get(client.id) ?? 0) - (await countExpiredRollups(db, client.id, cutoff)),
        };
    clients.push({ clientId: client.id, name: client.name, retentionDays, cutoff, ...counts });
  }
  const claimsBefore = now - VISITOR_DAYS_KEPT_MS;
  const visitorDays = dryRun ? await countVisitorDays(db, claimsBefore) : await purgeVisitorDays(database, claimsBefore, batchSize, signal);
  const salts = dryRun ? await countExpiredSalts(db, now) : await retryBusy(() => deleteExpiredSalts(db, now));
  const settled = db.selectFrom('deliveries').where('state', '!=', 'pending').where('done_at', '<', now - DELIVERIES_KEPT_MS);
  const deliveries = dryRun
    ? Number((await settled.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    : Number((await retryBusy(() => db.deleteFrom('deliveries').where('state', '!=', 'pending').where('done_at', '<', now - DELIVERIES_KEPT_MS).executeTakeFirst())).numDeletedRows);
  const artworks = await retryBusy(() => deleteUnusedArtworks(database, { now, dryRun }));
  return { dryRun, now, clients, visitorDays, salts, deliveries, artworks };
}

/** Settled deliveries are kept a week, to answer "was it sent?" and for the performance counts. */
export const DELIVERIES_KEPT_MS = 7 * DAY_MS;

export interface PurgeTotals {
  readonly events: number;
  readonly rollups: number;
  readonly visitorDays: number;
  readonly salts: number;
  readonly deliveries: number;
  readonly artworks: number;
}

export function purgeTotals(result: PurgeResult): PurgeTotals {
  return {
    deliveries: result.deliveries,
    artworks: result.artworks,
    events: result.clients.reduce((n, c) => n + c.events, 0),
    rollups: result.clients.reduce((n, c) => n + c.rollups, 0),
    visitorDays: result.visitorDays,
    salts: result.salts,
  };
}

/** What a log line says about a purge; null when it deleted nothing. */
export function purgeSummary(result: PurgeResult) {
  const totals = purgeTotals(result);
  if (totals.events + totals.rollups + totals.visitorDays + totals.salts + totals.deliveries + totals.artworks === 0) return null;
  const clients = result.clients
    .filter((c) => c.events + c.rollups > 0)
    .map((c) => ({ clientId: c.clientId, retentionDays: c.retentionDays, events: c.events, rollups: c.rollups }));
  return { ...totals, clients };
}

async function countClient(db: Kysely<Schema>, clientId: string, cutoff: number): Promise<{ events: number; rollups: number }> {
  const events = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', clientId).where('ts', '<', cutoff).executeTakeFirstOrThrow();
  return { events: Number(events.n), rollups: await countExpiredRollups(db, clientId, cutoff) };
}

/** Hour rows wholly before the cutoff (those the purge deletes, however its batches cut the hours). */
function countExpiredRollups(db: Kysely<Schema>, clientId: string, cutoff: number): Promise<number> {
  return countBefore(db, 'rollups', clientId, cutoff - HOUR_MS + 1);
}

/** Deletes the client's events before the cutoff, a batch per transaction; returns how many. */
async function purgeClient(database: Database, clientId: string, cutoff: number, batchSize: number, signal: AbortSignal | undefined): Promise<number> {
  let events = 0;
  for (;;) {
    const batch = await retryBusy(() => database.db.transaction().execute((trx) => deleteOldest(database, trx, clientId, cutoff, batchSize)));
    events += batch.events;
    if (batch.done || signal?.aborted) return events;
    await nextTurn();
  }
}

async function countVisitorDays(db: Kysely<Schema>, before: number): Promise<number> {
  const row = await db.selectFrom('visitor_days').select((eb) => eb.fn.countAll<number>().as('n')).where('ts', '<', before).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function purgeVisitorDays(database: Database, before: number, batchSize: number, signal: AbortSignal | undefined): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await database.db.selectFrom('visitor_days').select('visitor_id').where('ts', '<', before).limit(batchSize).execute();
    if (rows.length > 0) {
      const ids = [...new Set(rows.map((r) => r.visitor_id))];
      const result = await retryBusy(() => database.db.deleteFrom('visitor_days').where('ts', '<', before).where('visitor_id', 'in', ids).executeTakeFirst());
      deleted += Number(result.numDeletedRows);
    }
    if (rows.length < batchSize || signal?.aborted) return deleted;
    await nextTurn();
  }
}

/**
 * The CLI purges a SQLite file that a running server may be writing: a transaction that finds the
 * database locked (SQLITE_BUSY) is retried after a short pause rather than failing the purge.
 */
async function retryBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= 20 || typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw err;
      await sleep(20 * attempt);
    }
  }
}

// Everything a running Duotrack holds open: the database, the GeoIP reader, the daily salts, the
// event writer and its spool. Built once by `serve` (and by tests), closed in reverse order.
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createLandingLookup, type LandingLookup } from './links/landing-lookup.js';
import { createDailySalts, type DailySalts } from './tracking/daily-salts.js';
import { openGeoLookup } from './tracking/enrich/geo.js';
import { openSpool } from './tracking/spool.js';
import { storeEvents } from './tracking/store.js';
import { createTracker, type Tracker } from './tracking/tracker.js';
import { createAlertEngine, type AlertEngine } from './monitoring/alerts.js';
import { createMetrics, type Metrics } from './monitoring/metrics.js';
import { createViewTokens, type ViewTokens } from './tracking/view-token.js';
import { createEventWriter, type EventWriter } from './tracking/writer.js';

export interface Context {
  readonly config: Config;
  readonly log: FastifyBaseLogger;
  readonly database: Database;
  readonly salts: DailySalts;
  readonly writer: EventWriter;
  readonly tracker: Tracker;
  readonly lookup: LandingLookup;
  readonly tokens: ViewTokens;
  readonly metrics: Metrics;
  readonly alerts: AlertEngine;
  /** Flushes every pending event, then closes the database. */
  close(): Promise<void>;
}

const SALT_REFRESH_MS = 10 * 60_000;

export async function openContext(config: Config, log: FastifyBaseLogger): Promise<Context> {
  const database = openDatabase(config.databaseUrl, {
    onConnectionError: (err) => log.warn({ err: { message: err.message } }, 'database connection lost'),
  });
  await migrateToLatest(database);
  const geo = await openGeoLookup(config.geoipDb);
  const salts = createDailySalts(database.db);
  await salts.refresh();
  const saltTimer = setInterval(() => {
    salts.refresh().catch((err: Error) => log.warn({ err: { message: err.message } }, 'salt refresh failed'));
  }, SALT_REFRESH_MS);
  saltTimer.unref();

  let writer: EventWriter | null = null;
  const metrics = createMetrics(() => (writer as EventWriter).stats());
  writer = createEventWriter({
    commit: (events, replayed) => storeEvents(database, events, { replayed }),
    spool: openSpool(join(config.dataDir, 'spool')),
    log,
    flushMs: config.writerFlushMs,
    commitTimeoutMs: config.writerCommitTimeoutMs,
    // better-sqlite3 commits synchronously; PostgreSQL gains from overlapping round trips.
    maxInFlight: database.dialect === 'postgres' ? 4 : 1,
    onBatch: (events, outcome) => metrics.batches.observe({ outcome }, events),
  });

  const alerts = createAlertEngine(database.db, log, {
    slackWebhookUrl: config.slackWebhookUrl,
    smtpUrl: config.smtpUrl,
    emailTo: config.alertEmailTo,
    onAlert: (rule, event) => metrics.alerts.inc({ rule, event }),
  });
  let evaluating = false;
  const alertTimer =
    config.alertIntervalMs > 0
      ? setInterval(() => {
          if (evaluating) return;
          evaluating = true;
          alerts
            .evaluate()
            .catch((err: Error) => log.warn({ err: { message: err.message } }, 'alert evaluation failed'))
            .finally(() => (evaluating = false));
        }, config.alertIntervalMs).unref()
      : null;

  return {
    config,
    log,
    database,
    salts,
    writer,
    tracker: createTracker({ geo, salts }, writer),
    lookup: createLandingLookup(database.db),
    tokens: createViewTokens(config.secret),
    metrics,
    alerts,
    async close() {
      clearInterval(saltTimer);
      if (alertTimer) clearInterval(alertTimer);
      await writer.close();
      await database.close();
    },
  };
}

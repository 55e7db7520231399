// Everything a running Duotrack holds open: the database, the GeoIP reader, the daily salts, the
// event writer and its spool. Built once by `serve` (and by tests), closed in reverse order.
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createLandingLookup, type LandingLookup } from './links/landing-lookup.js';
import { createDailySalts, startSaltRefresh, type DailySalts } from './tracking/daily-salts.js';
import { openGeoLookup } from './tracking/enrich/geo.js';
import { openSpoolOrReport } from './tracking/spool.js';
import { storeEvents } from './events/append.js';
import { createAttribution } from './tracking/attribution.js';
import { createTracker, type Tracker } from './tracking/tracker.js';
import { createRollupFolder, type RollupFolder } from './analytics/rollup-folder.js';
import { createAlertEngine, type AlertEngine } from './monitoring/alerts.js';
import { createMetrics, type Metrics } from './monitoring/metrics.js';
import { createViewTokens, type ViewTokens } from './tracking/view-token.js';
import { createEventWriter, type EventWriter } from './tracking/writer.js';
import type { TrackedEvent } from './tracking/event.js';
import { startPeriodic } from './periodic.js';
import { configuredDestinations } from './delivery/destinations.js';
import { createOutbound } from './delivery/outbound.js';
import { createArtworkIngester, type ArtworkIngester } from './artwork/ingest.js';
import { createForwarding, type Forwarding } from './forwarding/forwarding.js';
import { createDeliveryQueue, type DeliveryQueue } from './delivery/queue.js';
import { purgeExpired, purgeSummary } from './privacy/retention.js';

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
  readonly rollups: RollupFolder;
  /** The outbound delivery queue (ad platforms, legacy mirror). */
  readonly deliveries: DeliveryQueue;
  /** Server-side forwarding to GA4, Meta and TikTok (through `deliveries`). */
  readonly forwarding: Forwarding;
  /** Copies smartlinks' artwork into Duotrack (src/artwork/), in the background. */
  readonly artwork: ArtworkIngester;
  /** Flushes every pending event, then closes the database. */
  close(): Promise<void>;
}

export async function openContext(config: Config, log: FastifyBaseLogger): Promise<Context> {
  const database = openDatabase(config.databaseUrl, {
    onConnectionError: (err) => log.warn({ err: { message: err.message } }, 'database connection lost'),
  });
  await migrateToLatest(database);
  await database.inDatabaseThread?.('load');
  const geo = await openGeoLookup(config.geoipDb);
  const salts = createDailySalts(database.db);
  await salts.refresh();
  const stopSalts = startSaltRefresh(salts, (err) => log.warn({ err: { message: err.message } }, 'salt refresh failed'));

  const forwarding = createForwarding(config, database);
  let writer: EventWriter | null = null;
  const spool = openSpoolOrReport(join(config.dataDir, 'spool'));
  const metrics = createMetrics({ writerStats: () => (writer as EventWriter).stats(), spool, database, commit: config.buildCommit });
  // SQLite: a batch is stored in the thread that owns the connection, as one message rather than a
  // round trip per statement; the platforms its transaction read come back for the IP memory.
  const commit = async (events: readonly TrackedEvent[], replayed: boolean): Promise<void> => {
    if (!database.inDatabaseThread) return storeEvents(database, events, { replayed, hooks: forwarding.hooks });
    const seen = await database.inDatabaseThread('storeEvents', events, replayed, config.forwardingGraceMs);
    for (const [clientId, platforms] of seen) forwarding.settingsRead(clientId, platforms);
  };
  writer = createEventWriter({
    commit,
    spool,
    log,
    flushMs: config.writerFlushMs,
    commitTimeoutMs: config.writerCommitTimeoutMs,
    // One batch at a time, on both databases: every batch adds to the same rollup rows (the
    // client's current hour and day), so on PostgreSQL overlapping batches wait on each other's
    // row locks; measured (npm run bench, /demo): 4 in flight 2,200–2,650 req/s, 1 in flight 3,300–3,500.
    maxInFlight: 1,
    onBatch: (events, outcome) => metrics.batches.observe({ outcome }, events),
  });

  const alerts = createAlertEngine(database.db, log, {
    slackWebhookUrl: config.slackWebhookUrl,
    outbound: createOutbound(config.outboundAllow, config.outboundCa),
    smtpUrl: config.smtpUrl,
    emailTo: config.alertEmailTo,
    onAlert: (rule, event) => metrics.alerts.inc({ rule, event }),
  });
  const stopAlerts = startPeriodic(config.alertIntervalMs, () => alerts.evaluate(), (err) => log.warn({ err: { message: err.message } }, 'alert evaluation failed'));
  const rollups = createRollupFolder(database);
  const stopRollups = startPeriodic(config.rollupIntervalMs, () => rollups.fold(), (err) => log.warn({ err: { message: err.message } }, 'rollup fold failed'));
  const retention = new AbortController(); // aborted at close: a running purge stops after its batch
  let purging: Promise<unknown> = Promise.resolve();
  const purge = async () => {
    const summary = purgeSummary(await purgeExpired(database, { signal: retention.signal }));
    if (summary) log.info({ purge: summary }, 'retention purge');
  };
  const stopPurge = startPeriodic(config.purgeIntervalMs, () => (purging = purge()), (err) => log.warn({ err: { message: err.message } }, 'retention purge failed'));
  const deliveries = createDeliveryQueue({
    database,
    destinations: configuredDestinations({ config, database, forwarding }),
    onOutcome: (destination, _clientId, outcome, count) => metrics.deliveries.inc({ destination, outcome }, count),
  });
  let delivering: Promise<unknown> = Promise.resolve();
  const stopDeliveries = startPeriodic(config.deliveryIntervalMs, () => (delivering = deliveries.runRound()), (err) => log.warn({ err: { message: err.message } }, 'delivery round failed'));

  const lookup = createLandingLookup(database, config.landingCacheMs, (err) => log.warn({ err: { message: err.message } }, 'could not tell other nodes of a smartlink change'));
  const artwork = createArtworkIngester(
    { db: database.db, outbound: createOutbound(config.outboundAllow, config.outboundCa), lookup, log },
    { maxBytes: config.artworkMaxBytes, retryMs: config.artworkRetryMs, dailyCap: config.artworkDailyCap },
  );

  return {
    config,
    log,
    database,
    salts,
    writer,
    tracker: createTracker({ geo, salts }, writer, createAttribution(database), forwarding.capture),
    lookup,
    tokens: createViewTokens(config.secret),
    metrics,
    alerts,
    rollups,
    deliveries,
    forwarding,
    artwork,
    async close() {
      stopSalts();
      stopAlerts();
      stopRollups();
      stopPurge();
      stopDeliveries();
      await artwork.close();
      await delivering.catch(() => {});
      retention.abort();
      await purging.catch(() => {});
      await rollups.settled();
      await writer.close();
      await lookup.close();
      await database.close();
    },
  };
}

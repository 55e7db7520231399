// Prometheus metrics. Everything the page path does not already do is read when Prometheus
// scrapes: the writer's figures, the spool's age, the database's backlogs (database-gauges.ts).
// The page path adds one histogram observation per request (request-metrics.ts); batches,
// deliveries and alerts are counted as they happen.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import type { Spool } from '../tracking/spool.js';
import type { WriterStats } from '../tracking/writer.js';
import { packageVersion } from '../version.js';
import { registerDatabaseGauges } from './database-gauges.js';

export interface MetricSources {
  /** The event writer's figures. */
  readonly writerStats: () => WriterStats;
  /** The spool the writer fills: the age of its oldest event waiting to be replayed. */
  readonly spool: Pick<Spool, 'read' | 'size'>;
  /** Where the delivery queue and the rollup rebuilds are. */
  readonly database: Database;
  /** The commit of this build (`BUILD_COMMIT`), or null: then `duotrack_build_info` has no commit label. */
  readonly commit: string | null;
  /** How long the database reads of one scrape may take. Default 2000 ms. */
  readonly scrapeTimeoutMs?: number;
}

export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  readonly batches: Histogram<'outcome'>;
  readonly alerts: Counter<'rule' | 'event'>;
  readonly deliveries: Counter<'destination' | 'outcome'>;
}

/** Seconds. Pages are served in about a millisecond; the API's slowest reports take a second or two. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

/**
 * prom-client's sums of the per-type gauges, named like counters (promtool: "non-counter metrics
 * should not have _total suffix"). `sum(duotrack_nodejs_active_handles)` gives the same figure.
 */
const MISNAMED_DEFAULTS = ['duotrack_nodejs_active_handles_total', 'duotrack_nodejs_active_requests_total', 'duotrack_nodejs_active_resources_total'];

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'duotrack_' });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  registerWriterMetrics(registry, sources);
  registerDatabaseGauges(registry, sources.database, sources.scrapeTimeoutMs ?? 2000);
  new Gauge({
    name: 'duotrack_build_info',
    help: 'Always 1; the labels name what runs: the package version, the Node.js version and, when BUILD_COMMIT is set, the commit.',
    labelNames: ['version', 'node_version', 'commit'],
    registers: [registry],
  }).set({ version: packageVersion(), node_version: process.versions.node, ...(sources.commit ? { commit: sources.commit } : {}) }, 1);

  return {
    registry,
    requestDuration: new Histogram({
      name: 'duotrack_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, from routing to the last byte written, by route pattern, method and status (_count: requests answered).',
      labelNames: ['route', 'method', 'status'],
      buckets: [...REQUEST_BUCKETS],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'duotrack_deliveries_total',
      help: 'Outbound deliveries settled by this node (server-side forwarding, legacy mirror), by destination and outcome (sent, retry, dead, skipped).',
      labelNames: ['destination', 'outcome'],
      registers: [registry],
    }),
    alerts: new Counter({ name: 'duotrack_alerts_total', help: 'Alert incidents opened and resolved by this node, by rule.', labelNames: ['rule', 'event'], registers: [registry] }),
    batches: new Histogram({
      name: 'duotrack_writer_batch_events',
      help: 'Events per writer batch, by outcome (committed or spooled).',
      labelNames: ['outcome'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [registry],
    }),
  };
}

/** The writer's counts since start (counters) and its state now (gauges), read at each scrape. */
function registerWriterMetrics(registry: Registry, { writerStats, spool }: MetricSources): void {
  const counter = (name: string, help: string, read: (s: WriterStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset(); // the writer holds the total: the counter takes its value, not an increment
        this.inc(read(writerStats()));
      },
    });
  const gauge = (name: string, help: string, read: (s: WriterStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(writerStats()));
      },
    });
  counter('duotrack_events_written_total', 'Events committed to the database since start (directly or by spool replay).', (s) => s.written);
  counter('duotrack_events_spooled_total', 'Events written to the local spool since start (database unavailable).', (s) => s.spooled);
  counter('duotrack_events_dropped_total', 'Events lost since start: refused by the database and the spool with the in-memory limit reached.', (s) => s.dropped);
  gauge('duotrack_writer_pending_events', 'Events waiting for the next batch.', (s) => s.pending);
  gauge('duotrack_writer_in_memory_events', 'Events held in memory because the spool refused them (lost if the process dies before the database is back).', (s) => s.inMemory);
  gauge('duotrack_spool_bytes', 'Bytes in the spool waiting to be replayed.', (s) => s.spoolBytes);
  gauge('duotrack_writer_spooling', '1 while the writer spools (the database is unavailable), else 0.', (s) => (s.mode === 'spooling' ? 1 : 0));
  gauge('duotrack_spool_failing', '1 while the spool cannot be written (unwritable or full disk), else 0.', (s) => (s.spoolError ? 1 : 0));
  gauge('duotrack_spool_age_seconds', 'Age of the oldest event in the spool waiting to be replayed, in seconds; 0 when the spool is empty.', (s) => spoolAgeSeconds(spool, s.spoolBytes, Date.now()));
}

/**
 * The spool's bytes before `size - spoolBytes` are already replayed: the oldest waiting event is
 * the first one after. Read in the same tick as `spoolBytes` (appends are synchronous too).
 */
export function spoolAgeSeconds(spool: Pick<Spool, 'read' | 'size'>, spoolBytes: number, now: number): number {
  if (spoolBytes <= 0) return 0;
  const oldest = spool.read(spool.size() - spoolBytes, 64 << 10).events[0];
  return oldest ? Math.max(0, (now - oldest.ts) / 1000) : 0;
}

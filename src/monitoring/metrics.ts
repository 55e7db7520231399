// Prometheus metrics. The writer's figures are read when Prometheus scrapes (nothing added to the
// page path); requests are counted per route and status, batches observed as they commit.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WriterStats } from '../tracking/writer.js';

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly batches: Histogram<'outcome'>;
  readonly alerts: Counter<'rule' | 'event'>;
  readonly deliveries: Counter<'destination' | 'outcome'>;
}

export function createMetrics(writerStats: () => WriterStats): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'duotrack_' });
  const gauge = (name: string, help: string, read: (s: WriterStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(writerStats()));
      },
    });
  gauge('duotrack_events_written_total', 'Events committed to the database since start (directly or by spool replay).', (s) => s.written);
  gauge('duotrack_events_spooled_total', 'Events written to the local spool since start (database unavailable).', (s) => s.spooled);
  gauge('duotrack_events_dropped_total', 'Events lost since start: refused by the database and the spool with the in-memory limit reached.', (s) => s.dropped);
  gauge('duotrack_writer_pending_events', 'Events waiting for the next batch.', (s) => s.pending);
  gauge('duotrack_spool_bytes', 'Bytes in the spool waiting to be replayed.', (s) => s.spoolBytes);
  gauge('duotrack_writer_spooling', '1 while the writer spools (the database is unavailable), else 0.', (s) => (s.mode === 'spooling' ? 1 : 0));
  return {
    registry,
    requests: new Counter({ name: 'duotrack_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] }),
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

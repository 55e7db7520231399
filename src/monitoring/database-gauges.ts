// Gauges of work waiting in the database, read when Prometheus scrapes (never on the page path):
// the delivery queue's backlog per destination and the clients whose rollups are being rebuilt. The
// reads are bounded: each reads at most SCRAPE_ROW_CAP rows of its dialect, on PostgreSQL under a
// statement timeout (the server cancels the query), and the answer has a deadline (a busy pool).
// On SQLite a read blocks the event loop while it runs: the backlog read scans the covering index
// deliveries_backlog (migration 0016a), and with 100,000 deliveries pending its 10,000 rows took
// 2–5 ms (measured: 27–90 ms for 100,000 rows, 120–210 ms without the index, on a loaded machine).
// When the reads fail or time out the scrape still answers: these gauges are left out and
// `duotrack_scrape_database_ok` says 0.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { Gauge, type GaugeConfiguration, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';
import type { Database, Dialect } from '../db/database.js';
import type { Schema } from '../db/schema.js';

/**
 * Rows read per query at most, per dialect. A backlog beyond reads as the cap (a rebuild's, a
 * destination down for hours): far more than the fold or the queue leave between two scrapes in
 * normal operation. Lower on SQLite, whose reads hold up the event loop (and so every page).
 */
export const SCRAPE_ROW_CAP: Readonly<Record<Dialect, number>> = { sqlite: 10_000, postgres: 100_000 };
const DEADLINE_MARGIN_MS = 250;

export interface DatabaseFigures {
  /** Pending deliveries per destination, with the creation time of the oldest (epoch ms); of SCRAPE_ROW_CAP rows at most (in all). */
  readonly backlog: readonly { readonly destination: string; readonly pending: number; readonly oldest: number }[];
  /** Rollup deltas waiting for the fold, at most SCRAPE_ROW_CAP. */
  /** Clients whose rollups are being rebuilt (after a time zone change). */
  readonly rollupRebuilds: number;
}

/** Pending deliveries per destination (count, oldest creation time), of the first `cap` read: the covering index alone. */
export function backlogQuery(db: Kysely<Schema>, cap: number) {
  return db
    .selectFrom((eb) => eb.selectFrom('deliveries').select(['destination', 'created_at']).where('state', '=', 'pending').limit(cap).as('p'))
    .select((eb) => ['destination', eb.fn.countAll().as('pending'), eb.fn.min('created_at').as('oldest')])
    .groupBy('destination');
}

export async function readDatabaseFigures(database: Database, timeoutMs: number): Promise<DatabaseFigures> {
  const cap = SCRAPE_ROW_CAP[database.dialect];
  const read = async (db: Kysely<Schema>): Promise<DatabaseFigures> => {
    const backlog = await backlogQuery(db, cap).execute();
    const rebuilds = await db
      .selectFrom((eb) => eb.selectFrom('rollup_rebuilds').select('client_id').limit(cap).as('r'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return { backlog: backlog.map((r) => ({ destination: r.destination, pending: Number(r.pending), oldest: Number(r.oldest) })), rollupRebuilds: Number(rebuilds.n) };
  };
  const reading =
    database.dialect === 'postgres'
      ? database.db.transaction().execute(async (trx) => {
          await sql`select set_config('statement_timeout', ${String(timeoutMs)}, true)`.execute(trx);
          return read(trx);
        })
      : read(database.db);
  // A little after the statement timeout, so that PostgreSQL cancels a query held up by a lock
  // before the scrape gives up on it; alone, it bounds the wait for a connection from a busy pool.
  const deadlineMs = timeoutMs + DEADLINE_MARGIN_MS;
  const deadline = new AbortController();
  const late = sleep(deadlineMs, undefined, { signal: deadline.signal }).then(() => {
    throw new Error(`database figures not read within ${deadlineMs} ms`);
  });
  late.catch(() => undefined); // aborted once the read settles
  try {
    return await Promise.race([reading, late]);
  } finally {
    deadline.abort();
  }
}

type Figures = () => Promise<DatabaseFigures | null>;

/**
 * A gauge filled from the database figures of the scrape, and left out when they could not be
 * read (prom-client would keep a gauge without labels at 0).
 */
class DatabaseGauge<T extends string> extends Gauge<T> {
  constructor(
    config: Pick<GaugeConfiguration<T>, 'name' | 'help' | 'labelNames' | 'registers'>,
    private readonly figures: Figures,
    private readonly fill: (gauge: Gauge<T>, read: DatabaseFigures) => void,
  ) {
    super(config);
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<T>>> {
    const read = await this.figures();
    this.reset();
    if (read) this.fill(this, read);
    const metric = await super.get();
    return read ? metric : { ...metric, values: [] };
  }
}

/**
 * Registers the gauges. One read serves every gauge of a scrape (prom-client collects them
 * together); a destination seen once stays listed, at 0 when its backlog is empty.
 */
export function registerDatabaseGauges(registry: Registry, database: Database, timeoutMs: number): void {
  const cap = SCRAPE_ROW_CAP[database.dialect];
  const destinations = new Set<string>();
  let current: Promise<DatabaseFigures | null> | null = null;
  const figures: Figures = () =>
    (current ??= readDatabaseFigures(database, timeoutMs)
      .then((read) => {
        for (const row of read.backlog) destinations.add(row.destination);
        return read;
      })
      .catch(() => null)
      .finally(() => (current = null)));
  const perDestination = (gauge: Gauge<'destination'>, value: (row: DatabaseFigures['backlog'][number]) => number, read: DatabaseFigures) => {
    for (const destination of destinations) gauge.set({ destination }, 0);
    for (const row of read.backlog) gauge.set({ destination: row.destination }, value(row));
  };

  new Gauge({
    name: 'duotrack_scrape_database_ok',
    help: '1 when this scrape read the database gauges (delivery backlog, rollup rebuilds) in time; 0 when the read failed or timed out, and those gauges are left out.',
    registers: [registry],
    async collect() {
      this.set((await figures()) ? 1 : 0);
    },
  });
  new DatabaseGauge(
    {
      name: 'duotrack_deliveries_pending',
      help: `Deliveries waiting in the queue (not yet sent, dead-lettered or skipped), by destination; shared by every node. At most ${cap} are read per scrape (in all).`,
      labelNames: ['destination'],
      registers: [registry],
    },
    figures,
    (gauge, read) => perDestination(gauge, (row) => row.pending, read),
  );
  new DatabaseGauge(
    {
      name: 'duotrack_deliveries_oldest_pending_seconds',
      help: `Age of the oldest delivery waiting in the queue, by destination (forwarding holds a delivery up to FORWARDING_GRACE_MS on purpose); 0 when none waits. Of the ${cap} read when more wait.`,
      labelNames: ['destination'],
      registers: [registry],
    },
    figures,
    (gauge, read) => {
      const now = Date.now();
      perDestination(gauge, (row) => Math.max(0, (now - row.oldest) / 1000), read);
    },
  );
  new DatabaseGauge(
    { name: 'duotrack_rollup_rebuilds_pending', help: `Clients whose analytics rollups are being rebuilt from their events (after a time zone change; counted up to ${cap}); shared by every node.`, registers: [registry] },
    figures,
    (gauge, read) => gauge.set(read.rollupRebuilds),
  );
}

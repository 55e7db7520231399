// Dashboard queries at scale: one client's last 30 days holding N generated events, on SQLite and
// PostgreSQL. Times the product's overview, time series and breakdowns (read from the rollups)
// beside the same numbers scanned straight from `events`, checks both agree, and reports what
// loading the events and rebuilding the rollups from them cost (the fold of a client's stored
// events after a time zone change), and the bytes on disk per event. Fold runs (other sizes) do
// the same without timing the queries: each is checked once. Each run gets a fresh database,
// removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { breakdown } from '../src/analytics/breakdown.js';
import { overview } from '../src/analytics/overview.js';
import { foldRollups, scheduleRebuild } from '../src/analytics/rollup-folder.js';
import { reportDays, type Report } from '../src/analytics/report.js';
import { timeseries } from '../src/analytics/timeseries.js';
import { addDays } from '../src/analytics/time-zone.js';
import { openDatabase, type Database, type Dialect } from '../src/db/database.js';
import { insertMany, type InsertMany } from '../src/db/insert-many.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { NewEventRow, Schema } from '../src/db/schema.js';
import { createSmartlink } from '../src/links/smartlink.js';
import { createClient } from '../src/tenants/client.js';
import type { TrackedEvent } from '../src/tracking/event.js';
import { EVENT_COLUMNS } from '../src/events/columns.js';
import { createSchema, postgresReachable } from '../test/support/postgres.js';
import { syntheticEvents, type Places } from '../test/support/synthetic-events.js';

export interface DashboardOptions {
  /** Events (rows) of the measured client; one run per size and database. */
  readonly sizes: readonly number[];
  /** The same, for fold runs: loaded, rebuilt and measured, the queries only checked; sizes in `sizes` are not run twice. */
  readonly foldSizes: readonly number[];
  readonly databases: readonly Dialect[];
  /** Timed runs of each rollup query after one warm-up run; the median is reported. */
  readonly runs: number;
  /** The same for the raw scans, which take seconds each at 10 M events. */
  readonly rawRuns: number;
}

export interface QueryTiming {
  readonly query: string;
  readonly rollupMs: number;
  readonly rawMs: number;
  /** The rollup answer equals the raw scan's. */
  readonly same: boolean;
}

export interface DashboardResult {
  readonly database: Dialect;
  readonly events: number; // of the measured client
  readonly otherEvents: number; // of the other clients, in the same tables
  readonly countries: number; // distinct values the measured client's breakdowns see
  readonly cities: number;
  readonly load: { readonly seconds: number; readonly eventsPerSecond: number };
  /** scheduleRebuild of every client, in one transaction. */
  readonly rebuild: { readonly seconds: number };
  /** foldRollups of that backlog: every event of every client; events/s of the whole backlog. */
  readonly fold: { readonly seconds: number; readonly eventsPerSecond: number };
  readonly analyzeSeconds: number;
  readonly rollupRows: number; // all clients
  readonly eventsMb: number; // table and its indexes
  readonly rollupsMb: number; // both levels and their indexes
  /** Events, rollups and their indexes on disk, bytes per stored event (all clients). */
  readonly bytesPerEvent: number;
  /** Timed queries; empty for a fold run. */
  readonly queries: readonly QueryTiming[];
  /** Every query's rollup answer equals its raw scan (a fold run checks each once). */
  readonly same: boolean;
  readonly wallSeconds: number;
  /** 1-minute load average of the machine when the queries started and ended (other work skews timings). */
  readonly loadAverage: readonly [number, number];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SMARTLINKS = 20;
/** Two smaller clients share the tables, each with this share of the measured client's events. */
const OTHER_CLIENTS = [
  { timeZone: 'Europe/Paris', share: 0.05 },
  { timeZone: 'America/New_York', share: 0.05 },
] as const;
/** A real audience: a long tail of cities across many countries (city is the widest breakdown). */
const PLACES: Places = { countries: 150, cities: 5000 };
/** Rows per event of one generated view: the view, 0.92 × 0.8 confirmations, 0.35 clicks. */
const EVENTS_PER_VIEW = 1 + 0.92 * 0.8 + 0.35;
const CONVERSION_VALUE = 0.25;
const BREAKDOWN_LIMIT = 50; // the API's default

const EVENTS: InsertMany<NewEventRow> = { table: 'events', columns: [...EVENT_COLUMNS], suffix: '' };
/** SQLite: rows per multi-row INSERT (35 columns: under its 32,766 bind parameters); always this many, so the statement is prepared once. */
const ROWS_PER_INSERT = 900;
/** PostgreSQL: one INSERT … SELECT FROM unnest(one array per column) per this many rows. */
const ROWS_PER_UNNEST = 10_000;
/** Rows per transaction (about an hour of the measured client's events at 10 M a month). */
const ROWS_PER_TRANSACTION = 20_000;
const PG_TYPES: Partial<Record<keyof NewEventRow, string>> = { ts: 'bigint', is_unique: 'integer', revenue: 'double precision', client_confirmed_at: 'bigint' };

export async function benchDashboards(options: DashboardOptions): Promise<DashboardResult[]> {
  const results: DashboardResult[] = [];
  const runs = [...options.sizes.map((size) => ({ size, timed: true })), ...options.foldSizes.filter((s) => !options.sizes.includes(s)).map((size) => ({ size, timed: false }))];
  for (const { size, timed } of runs) {
    for (const dialect of options.databases) {
      if (dialect === 'postgres' && !(await postgresReachable())) {
        console.warn('PostgreSQL not reachable: skipping its dashboard run.');
        continue;
      }
      results.push(await withFreshDatabase(dialect, (database, raw) => benchOne(database, raw, size, timed ? options : null)));
    }
  }
  return results;
}

/**
 * A migrated database that is removed afterwards, also on failure or Ctrl-C; `raw` runs scans
 * and maintenance without the app pool's 10 s query timeout (PostgreSQL).
 */
async function withFreshDatabase<T>(dialect: Dialect, run: (database: Database, raw: Kysely<Schema>) => Promise<T>): Promise<T> {
  let url: string;
  let remove: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dt-dash-'));
    url = `sqlite:${join(dir, 'bench.db')}`;
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = await createSchema();
    url = schema.url;
    remove = schema.drop;
  }
  const database = openDatabase(url);
  const pool = dialect === 'postgres' ? rawPool(url) : null;
  const raw = pool ? new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }) : database.db;
  const cleanup = async () => {
    await Promise.allSettled([database.close(), pool ? raw.destroy() : Promise.resolve()]);
    await remove();
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await migrateToLatest(database);
    return await run(database, raw);
  } finally {
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}

function rawPool(url: string): pg.Pool {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') as string;
  parsed.searchParams.delete('schema');
  return new pg.Pool({ connectionString: parsed.toString(), max: 4, options: `-c search_path=${schema}` });
}

/** `timing`: the query runs to time; null for a fold run (each query checked once, untimed). */
async function benchOne(database: Database, raw: Kysely<Schema>, size: number, timing: Pick<DashboardOptions, 'runs' | 'rawRuns'> | null): Promise<DashboardResult> {
  const started = performance.now();
  const label = `${database.dialect} ${millions(size)}`;
  const now = Date.now();
  const days = reportDays('UTC', {}, now);
  const population = await createPopulation(database.db, size);
  const main = population[0] as Population;

  const loadStart = performance.now();
  const loaded = await load(database, population, days.start, now, label);
  const loadSeconds = (performance.now() - loadStart) / 1000;

  // The events went in raw: their rollups are rebuilt, as after a change of the clients' time zones.
  const rebuildStart = performance.now();
  await database.db.transaction().execute(async (trx) => {
    for (const p of population) await scheduleRebuild(database, trx, p.clientId);
  });
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  const foldStart = performance.now();
  await foldRollups(database);
  const foldSeconds = (performance.now() - foldStart) / 1000;
  progress(`${label}: rollups rebuilt in ${foldSeconds.toFixed(0)} s`);

  const analyzeStart = performance.now();
  // Fresh statistics, as a long-running installation has. PostgreSQL: also VACUUM (its
  // autovacuum would have run by now in production; it is off on some servers, this one too).
  if (database.dialect === 'sqlite') await sql`analyze`.execute(raw);
  else await sql`vacuum (analyze) events, rollups, rollups_daily`.execute(raw);
  const analyzeSeconds = (performance.now() - analyzeStart) / 1000;

  const report: Report = { clientIds: [main.clientId], smartlinkId: null, timeZone: 'UTC', localDays: true, ...days };
  const lastWeek: Report = { ...report, ...reportDays('UTC', { from: addDays(days.to, -6), to: days.to }, now) };
  const queries: QueryTiming[] = [];
  const loadBefore = loadavg()[0] as number;
  let checked = true;
  for (const q of dashboardQueries(database.db, raw, report, lastWeek)) {
    if (timing) {
      const rollup = await median(q.rollup, timing.runs);
      const scanned = await median(q.raw, timing.rawRuns);
      queries.push({ query: q.name, rollupMs: rollup.ms, rawMs: scanned.ms, same: q.same(rollup.result, scanned.result) });
      progress(`${label}: ${q.name} ${rollup.ms} ms (raw ${scanned.ms} ms)`);
    } else {
      checked &&= q.same(await q.rollup(), await q.raw());
    }
  }

  const bytes = await tableBytes(database, raw);
  const rollupRows = (await countRows(raw, 'rollups')) + (await countRows(raw, 'rollups_daily'));
  const places = await distinctPlaces(raw, report);
  return {
    database: database.dialect,
    events: loaded.get(main.clientId) ?? 0,
    otherEvents: sum(loaded) - (loaded.get(main.clientId) ?? 0),
    ...places,
    load: { seconds: round(loadSeconds), eventsPerSecond: Math.round(sum(loaded) / loadSeconds) },
    rebuild: { seconds: round(rebuildSeconds) },
    fold: { seconds: round(foldSeconds), eventsPerSecond: Math.round(sum(loaded) / foldSeconds) },
    analyzeSeconds: round(analyzeSeconds),
    rollupRows,
    eventsMb: megabytes(bytes.events),
    rollupsMb: megabytes(bytes.rollups),
    bytesPerEvent: Math.round((bytes.events + bytes.rollups) / sum(loaded)),
    queries,
    same: checked && queries.every((q) => q.same),
    wallSeconds: Math.round((performance.now() - started) / 1000),
    loadAverage: [round(loadBefore, 1), round(loadavg()[0] as number, 1)],
  };
}

interface Population {
  readonly clientId: string;
  readonly smartlinkIds: readonly string[];
  readonly events: number;
}

/** The measured client (UTC, 20 smartlinks) first, then the smaller ones. */
async function createPopulation(db: Kysely<Schema>, size: number): Promise<Population[]> {
  const clients = [{ timeZone: 'UTC', share: 1, smartlinks: SMARTLINKS }, ...OTHER_CLIENTS.map((c) => ({ ...c, smartlinks: 3 }))];
  const population: Population[] = [];
  for (const [i, c] of clients.entries()) {
    const client = await createClient(db, { name: `Bench ${i}`, timeZone: c.timeZone, conversionValue: CONVERSION_VALUE });
    const smartlinkIds: string[] = [];
    for (let n = 0; n < c.smartlinks; n++) {
      const link = await createSmartlink(db, {
        clientId: client.id, slug: `bench-${i}-${n}`, artistName: `Artist ${n}`, trackTitle: `Track ${n}`, status: 'live',
        services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }],
      });
      smartlinkIds.push(link.id);
    }
    population.push({ clientId: client.id, smartlinkIds, events: Math.round(size * c.share) });
  }
  return population;
}

/**
 * Generates each hour's events of every client (busier in the evening, quieter at night) and
 * stores them as the event writer would leave them: time-ordered, browser confirmations copied
 * onto their view, a visitor's first view of a smartlink each UTC day flagged unique. Raw: the
 * rollups are left to the rebuild. The next hour is generated while the previous one is written
 * (PostgreSQL). Returns the events stored per client.
 */
async function load(database: Database, population: readonly Population[], from: number, to: number, label: string): Promise<Map<string, number>> {
  const hours: number[] = [];
  for (let h = from; h < to; h += HOUR_MS) hours.push(h);
  const weight = (h: number) => (1 + 0.6 * Math.sin(((new Date(h).getUTCHours() - 12) / 24) * 2 * Math.PI)) * ((Math.min(h + HOUR_MS, to) - h) / HOUR_MS);
  const totalWeight = hours.reduce((n, h) => n + weight(h), 0);
  const stored = new Map(population.map((p) => [p.clientId, 0]));
  const planned = new Map(population.map((p) => [p.clientId, 0]));
  const reported = { at: 0 };

  let firstViews = new Set<string>();
  let day = -1;
  let cumulativeWeight = 0;
  const writer = eventWriter(database, ROWS_PER_TRANSACTION);
  let writing: Promise<void> = Promise.resolve();
  for (const [i, h] of hours.entries()) {
    if (Math.floor(h / DAY_MS) !== day) [day, firstViews] = [Math.floor(h / DAY_MS), new Set()];
    cumulativeWeight += weight(h);
    const chunk: TrackedEvent[] = [];
    for (const [c, p] of population.entries()) {
      const views = Math.round(((p.events / EVENTS_PER_VIEW) * cumulativeWeight) / totalWeight) - (planned.get(p.clientId) ?? 0);
      planned.set(p.clientId, (planned.get(p.clientId) ?? 0) + views);
      const generated = syntheticEvents({
        clientId: p.clientId, smartlinkIds: p.smartlinkIds, from: h, to: Math.min(h + HOUR_MS, to), views,
        seed: c * 1_000_003 + i + 1, conversionValue: CONVERSION_VALUE, visitors: Math.ceil((p.events / EVENTS_PER_VIEW / 30) / 3), places: PLACES,
      });
      for (const e of generated) chunk.push(e);
    }
    const rows = asStored(chunk, firstViews);
    await writing;
    for (const e of chunk) stored.set(e.client_id, (stored.get(e.client_id) ?? 0) + 1);
    writing = writer.add(rows);
    const done = sum(stored);
    if (done - reported.at >= 1_000_000) {
      reported.at = done;
      progress(`${label}: ${millions(done)} events stored`);
    }
  }
  await writing;
  await writer.flush();
  return stored;
}

/** Rows in key order, with their confirmations copied and first views flagged (updates `firstViews`). */
function asStored(chunk: readonly TrackedEvent[], firstViews: Set<string>): NewEventRow[] {
  const confirmations = new Map<string, TrackedEvent>();
  for (const e of chunk) if (e.type === 'client') confirmations.set(e.confirms as string, e);
  const sorted = [...chunk].sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
  return sorted.map((e) => {
    let isUnique = 0;
    if (e.type === 'view' && e.excluded_reason === null && e.visitor_id !== null) {
      const key = `${e.visitor_id}|${e.smartlink_id}`;
      if (!firstViews.has(key)) {
        firstViews.add(key);
        isUnique = 1;
      }
    }
    const confirmation = e.type === 'client' ? undefined : confirmations.get(e.event_id);
    return confirmation
      ? { ...e, is_unique: isUnique, client_confirmed_at: confirmation.client_confirmed_at, client_tags: confirmation.client_tags, client_consent: confirmation.client_consent }
      : { ...e, is_unique: isUnique };
  });
}

/**
 * Writes rows in transactions of `batch` rows, as the event writer commits, without their
 * rollups. SQLite: INSERTs of 900, 100, 10 or 1 rows, each SQL text prepared once.
 * PostgreSQL: INSERT … SELECT FROM unnest() of one array per column, whose parse costs nothing
 * whatever the row count (a 1,800-row VALUES list has 63,000 parameters to parse every time).
 */
function eventWriter(database: Database, batch: number) {
  let pending: NewEventRow[] = [];
  const insert = async (trx: Kysely<Schema>, rows: readonly NewEventRow[]) => {
    if (database.dialect === 'postgres') {
      for (let i = 0; i < rows.length; i += ROWS_PER_UNNEST) {
        const slice = rows.slice(i, i + ROWS_PER_UNNEST);
        const arrays = EVENTS.columns.map((c) => sql`${slice.map((r) => r[c] ?? null)}::${sql.raw(PG_TYPES[c] ?? 'text')}[]`);
        await sql`insert into events (${sql.join(EVENTS.columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(trx);
      }
      return;
    }
    let i = 0;
    for (const size of [ROWS_PER_INSERT, 100, 10, 1]) {
      for (; i + size <= rows.length; i += size) await insertMany(trx, database.dialect, EVENTS, rows.slice(i, i + size));
    }
  };
  const commit = (rows: readonly NewEventRow[]) => database.db.transaction().execute((trx) => insert(trx, rows));
  return {
    /** Resolves once the rows are committed, or held for the next batch. */
    async add(rows: readonly NewEventRow[]): Promise<void> {
      for (const r of rows) pending.push(r);
      if (pending.length >= batch) await this.flush();
    },
    async flush(): Promise<void> {
      const rows = pending;
      pending = [];
      if (rows.length > 0) await commit(rows);
    },
  };
}

type Totals = { views: number; uniques: number; clicks: number };
type Keyed = ReadonlyMap<string, Totals>;

interface DashboardQuery<R, S> {
  readonly name: string;
  readonly rollup: () => Promise<R>;
  readonly raw: () => Promise<S>;
  readonly same: (rollup: R, raw: S) => boolean;
}

/** Each dashboard query through the product's module, and the same numbers from a raw scan. */
function dashboardQueries(db: Kysely<Schema>, raw: Kysely<Schema>, report: Report, lastWeek: Report): DashboardQuery<unknown, unknown>[] {
  const scan = rawScan(raw);
  const keyed = (rows: readonly { value: string; views: number; uniqueVisitors: number; clicks: number }[]): Keyed =>
    new Map(rows.map((r) => [r.value, { views: r.views, uniques: r.uniqueVisitors, clicks: r.clicks }]));
  const series = (points: readonly { start: string; views: number; uniqueVisitors: number; clicks: number }[]) =>
    keyed(points.filter((p) => p.views + p.clicks > 0).map((p) => ({ ...p, value: String(Date.parse(p.start)) })));
  const queries = [
    query('overview (30 d)', () => overview(db, report), () => scan.overview(report), (o, r) =>
      equal(keyed([{ value: '', ...o }]), r.totals) && equal(keyed(o.topCountries), top(r.countries, o.topCountries.length)) && o.excluded.views === r.excludedViews),
    query('time series, day (30 d)', () => timeseries(db, report, 'day'), () => scan.series(report, DAY_MS), (t, r) => equal(series(t.points), r)),
    query('time series, hour (7 d)', () => timeseries(db, lastWeek, 'hour'), () => scan.series(lastWeek, HOUR_MS), (t, r) => equal(series(t.points), r)),
    query('breakdown country (30 d)', () => breakdown(db, report, 'country', BREAKDOWN_LIMIT), () => scan.byValue(report, 'country'), (b, r) => equal(keyed(b.rows), top(r, b.rows.length))),
    query('breakdown city (30 d)', () => breakdown(db, report, 'city', BREAKDOWN_LIMIT), () => scan.byValue(report, 'city'), (b, r) => equal(keyed(b.rows), top(r, b.rows.length))),
  ];
  return queries as DashboardQuery<unknown, unknown>[];
}

const query = <R, S>(name: string, rollup: () => Promise<R>, raw: () => Promise<S>, same: (rollup: R, raw: S) => boolean): DashboardQuery<R, S> => ({ name, rollup, raw, same });

/**
 * The dashboard's numbers straight from `events`: human views, unique visitors and clicks over the
 * report's instants (the measured client reports in UTC, so its days and hours are ts arithmetic).
 */
function rawScan(raw: Kysely<Schema>) {
  const counts = sql`sum(case when type = 'view' then 1 else 0 end) as views,
    sum(case when type = 'view' and is_unique = 1 then 1 else 0 end) as uniques,
    sum(case when type = 'click' then 1 else 0 end) as clicks,
    sum(case when type = 'click' then revenue else 0 end) as revenue`;
  const human = (r: Report) => sql`client_id = ${r.clientIds[0]} and ts >= ${r.start} and ts < ${r.end} and type in ('view', 'click') and excluded_reason is null`;
  const grouped = async (r: Report, key: ReturnType<typeof sql>): Promise<Keyed> => {
    const rows = await sql<RawRow>`select ${key} as k, ${counts} from events where ${human(r)} group by 1`.execute(raw);
    return new Map(rows.rows.map((row) => [String(row.k ?? ''), totalsOf(row)]));
  };
  const cityKey = sql`case when city is null or city = '' then '' else coalesce(country, '') || ':' || city end`;
  return {
    async overview(r: Report) {
      const [totals, countries, smartlinks, excluded] = await Promise.all([
        sql<RawRow>`select '' as k, ${counts} from events where ${human(r)}`.execute(raw),
        grouped(r, sql`coalesce(country, '')`),
        grouped(r, sql`smartlink_id`),
        sql<{ k: string; n: number }>`select excluded_reason as k, count(*) as n from events
          where client_id = ${r.clientIds[0]} and ts >= ${r.start} and ts < ${r.end} and type = 'view' and excluded_reason is not null group by 1`.execute(raw),
      ]);
      return {
        totals: new Map(totals.rows.map((row) => ['', totalsOf(row)])) as Keyed,
        countries,
        smartlinks,
        excludedViews: excluded.rows.reduce((n, row) => n + Number(row.n), 0),
      };
    },
    series: (r: Report, width: number) => grouped(r, sql`ts - ts % ${width}`),
    byValue: (r: Report, dimension: 'country' | 'city') => grouped(r, dimension === 'country' ? sql`coalesce(country, '')` : cityKey),
  };
}

type RawRow = { k: string | number | null; views: number | string; uniques: number | string; clicks: number | string };
const totalsOf = (row: RawRow): Totals => ({ views: Number(row.views), uniques: Number(row.uniques), clicks: Number(row.clicks) });

/** The n most viewed (then most clicked) values, as the product orders a breakdown. */
function top(values: Keyed, n: number): Keyed {
  return new Map([...values].sort(([a, x], [b, y]) => y.views - x.views || y.clicks - x.clicks || (a < b ? -1 : 1)).slice(0, n));
}

function equal(a: Keyed, b: Keyed): boolean {
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || x.views !== y.views || x.uniques !== y.uniques || x.clicks !== y.clicks) return false;
  }
  return true;
}

/** One warm-up run, then the median of `runs` timed ones (ms) and the last answer. */
async function median<T>(run: () => Promise<T>, runs: number): Promise<{ ms: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: round(times[Math.floor(times.length / 2)] as number, 1), result };
}

async function countRows(raw: Kysely<Schema>, table: 'events' | 'rollups' | 'rollups_daily'): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(raw);
  return Number(row.rows[0]?.n ?? 0);
}

/** Distinct countries and cities of the measured client's human traffic in the report. */
async function distinctPlaces(raw: Kysely<Schema>, r: Report): Promise<{ countries: number; cities: number }> {
  const row = await sql<{ countries: number | string; cities: number | string }>`select count(distinct country) as countries, count(distinct coalesce(country, '') || ':' || city) as cities
    from events where client_id = ${r.clientIds[0]} and ts >= ${r.start} and ts < ${r.end} and excluded_reason is null`.execute(raw);
  return { countries: Number(row.rows[0]?.countries ?? 0), cities: Number(row.rows[0]?.cities ?? 0) };
}

/**
 * Bytes on disk of each table with its indexes (rollups: both levels). PostgreSQL: a partitioned
 * table's partitions (its own size is 0), and with `events` the confirmation claims
 * (`event_confirmations`, where PostgreSQL keeps what SQLite's unique index on `confirms` does).
 */
async function tableBytes(database: Database, raw: Kysely<Schema>): Promise<{ events: number; rollups: number }> {
  if (database.dialect === 'postgres') {
    const size = (table: string) => sql`(select coalesce(sum(pg_total_relation_size(oid)), 0) from pg_class
      where oid = to_regclass(${table}) or oid in (select relid from pg_partition_tree(to_regclass(${table}))))`;
    const row = await sql<{ e: string; r: string }>`select ${size('events')} + ${size('event_confirmations')} as e, ${size('rollups')} + ${size('rollups_daily')} as r`.execute(raw);
    return { events: Number(row.rows[0]?.e ?? 0), rollups: Number(row.rows[0]?.r ?? 0) };
  }
  const rows = await sql<{ tbl_name: string; bytes: number }>`select s.tbl_name, sum(d.pgsize) as bytes from dbstat('main', 1) d
    join sqlite_schema s on s.name = d.name where s.tbl_name in ('events', 'rollups', 'rollups_daily') group by s.tbl_name`.execute(raw);
  const of = (table: string) => Number(rows.rows.find((r) => r.tbl_name === table)?.bytes ?? 0);
  return { events: of('events'), rollups: of('rollups') + of('rollups_daily') };
}

export function printDashboards(results: readonly DashboardResult[], options: Pick<DashboardOptions, 'runs' | 'rawRuns'>): void {
  if (results.length === 0) return;
  const first = results[0] as DashboardResult;
  const timed = results.filter((r) => r.queries.length > 0);
  if (timed.length > 0) {
    console.log(`\nDashboards — one client's last 30 days (UTC), ${SMARTLINKS} smartlinks, ${first.countries} countries and ${first.cities} cities (long tail);`);
    console.log(`two other clients add ${OTHER_CLIENTS.map((c) => `${c.share * 100}%`).join(' + ')} of its events to the tables. Rollups: the product's query modules;`);
    console.log(`raw scan: the same numbers by GROUP BY over events. 1 warm-up, then the median of ${options.runs} (raw: ${options.rawRuns}).`);
    console.log('Statistics fresh: ANALYZE (SQLite), VACUUM ANALYZE (PostgreSQL) after loading. Goal: ≤ 100 ms from rollups (! = missed).\n');
    console.log('database | events | query                    | rollups ms | raw scan ms | raw/rollups | same numbers');
    console.log('---------|--------|--------------------------|------------|-------------|-------------|-------------');
    for (const r of timed) {
      for (const q of r.queries) {
        const factor = q.rollupMs > 0 ? `${Math.round(q.rawMs / q.rollupMs)}×` : '-';
        console.log(`${r.database.padEnd(8)} | ${millions(r.events).padStart(6)} | ${q.query.padEnd(24)} | ${fixed(q.rollupMs).padStart(9)}${q.rollupMs > 100 ? '!' : ' '} | ${fixed(q.rawMs).padStart(11)} | ${factor.padStart(11)} | ${q.same ? 'yes' : 'NO'}`);
      }
    }
  }
  console.log(`\nRollups rebuilt from the stored events (all clients: the measured one and ${OTHER_CLIENTS.length} others), as after a time zone change:`);
  console.log('scheduleRebuild of every client in one transaction, then foldRollups (fold events/s: the whole backlog ÷ its time).');
  console.log('Bytes per event: events, rollups, rollups_daily and their indexes on disk ÷ events. Same: the queries\' rollups equal the raw scans.\n');
  console.log('database | client | backlog | load s | schedule s | fold s | fold events/s | rollup rows/event | events MB | rollups MB | bytes/event | same');
  console.log('---------|--------|---------|--------|------------|--------|---------------|-------------------|-----------|------------|-------------|-----');
  for (const r of results) {
    const total = r.events + r.otherEvents;
    console.log(
      `${r.database.padEnd(8)} | ${millions(r.events).padStart(6)} | ${millions(total).padStart(7)} | ${fixed(r.load.seconds).padStart(6)} | ${fixed(r.rebuild.seconds).padStart(10)} | ${fixed(r.fold.seconds).padStart(6)} | ` +
        `${r.fold.eventsPerSecond.toLocaleString('en-US').padStart(13)} | ${round(r.rollupRows / total).toFixed(2).padStart(17)} | ${String(r.eventsMb).padStart(9)} | ${String(r.rollupsMb).padStart(10)} | ${String(r.bytesPerEvent).padStart(11)} | ${r.same ? 'yes' : 'NO'}`,
    );
  }
  console.log('');
  for (const r of results) {
    console.log(
      `${r.database} ${millions(r.events)}: loaded at ${thousands(r.load.eventsPerSecond)} events/s; ${r.database === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE'} ${r.analyzeSeconds} s; ` +
        `${millions(r.rollupRows)} rollup rows; wall ${r.wallSeconds} s; load average ${r.loadAverage.join(' → ')}`,
    );
  }
}

function progress(message: string): void {
  process.stderr.write(`[dashboards] ${message}\n`);
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const fixed = (ms: number) => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
const millions = (n: number) => (n >= 999_500 ? `${round(n / 1_000_000, 2)}M` : `${Math.round(n / 1000)}k`);
const thousands = (n: number) => `${Math.round(n / 1000)}k`;
const megabytes = (bytes: number) => Math.round(bytes / 1_048_576);

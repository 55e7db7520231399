// HTTP suite: the real server (`node dist/main.js serve`) under autocannon. For each database, in
// the same run: the bare route (no lookup, no tracking) serving as many bytes as the landing page,
// the landing page and the click redirect with full tracking, and the fan mix (fan-mix.ts): req/s,
// p50 / p99, the ratio to the bare route, the server's longest event-loop delay and RSS under load,
// its RSS at rest, and the events stored of each type against the tracked requests sent (they must
// be equal). On PostgreSQL, a scaling run: 1, 2, … app processes sharing one schema, the
// connections split between them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.js';
import { createSchema, postgresReachable } from '../test/support/postgres.js';
import { fanMix, FAN_HEADERS, randomIp, TAP_SHARE, type Tally } from './fan-mix.js';

export interface HttpOptions {
  readonly databases: readonly string[];
  readonly seconds: number;
  readonly connections: number;
  /** Process counts of the PostgreSQL scaling run, e.g. [1, 2]; empty: no scaling run. */
  readonly processes: readonly number[];
}

/** Events by type, as the store keeps them: `view`, `click` and `client` (a browser confirmation) rows. */
export interface EventCounts {
  readonly views: number;
  readonly clicks: number;
  readonly confirmations: number;
}

export interface RouteResult {
  readonly route: string;
  readonly rps: number;
  /** Fan mix: fans a second (each fan's action starts with one page view); null for the single routes. */
  readonly fansPerSecond: number | null;
  readonly p50: number;
  readonly p99: number;
  /** req/s over the bare route's req/s in the same run; null without a bare route (scaling runs). */
  readonly vsBare: number | null;
  readonly served: number; // 2xx + 3xx answers counted by the load generator
  readonly sent: number; // requests sent, including those still in flight when the run ended (the server answers them too)
  readonly errors: number;
  /** The longest event-loop delay of the server during the run, ms (the worst process). */
  readonly loopDelayMaxMs: number;
  /** Resident memory of the server process(es) at the end of the run, MB (summed over processes). */
  readonly rssMb: number;
}

export interface DatabaseResult {
  readonly database: string;
  readonly processes: number;
  /** Body of the landing page (median of a few fans' pages), the bare route's size. */
  readonly pageBytes: number;
  /** Resident memory of the server process(es) once started, before any request, MB (summed). */
  readonly rssAtRestMb: number;
  readonly routes: RouteResult[];
  /** One event per tracked request sent (the page-size probes included). */
  readonly expected: EventCounts;
  readonly stored: EventCounts;
}

const WARMUP_SECONDS = 2;
/** Pages fetched to measure the page size (it varies by a few hundred bytes with the fan's country). */
const PAGE_PROBES = 5;
const METRICS_TOKEN = randomBytes(24).toString('hex');

interface Server {
  readonly child: ChildProcess;
  readonly origin: string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['dist/main.js', 'serve'], {
    env: { ...process.env, PORT: '0', BENCH_ROUTES: '1', LOG_LEVEL: 'warn', TRUST_PROXY: 'true', METRICS_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, origin };
}

async function stopServer({ child }: Server): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM'); // drains every pending event
  await exited;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const rssMbOf = (servers: readonly Server[]) => Math.round(servers.reduce((n, s) => n + rssOf(s.child.pid!), 0));

/**
 * prom-client's default sampling interval of the event loop (eventLoopMonitoringPrecision): its
 * monitorEventLoopDelay histogram records the time between two samples, this interval included.
 */
const LOOP_SAMPLING_MS = 10;

/**
 * The longest event-loop delay since the previous scrape, ms: prom-client's
 * `nodejs_eventloop_lag_max_seconds` is the max of a monitorEventLoopDelay histogram that each
 * scrape reads and resets (prom-client/lib/metrics/eventLoopLag.js), less the sampling interval.
 */
async function loopDelayMaxMs({ origin }: Server): Promise<number> {
  const response = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = /^duotrack_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(await response.text());
  if (!line) throw new Error(`/metrics: no duotrack_nodejs_eventloop_lag_max_seconds (HTTP ${response.status})`);
  return Math.max(0, Number(line[1]) * 1000 - LOOP_SAMPLING_MS);
}

/** The landing page's body length, the median of a few fans' (each a tracked view). */
async function pageBytes({ origin }: Server, tally: Tally): Promise<number> {
  const sizes: number[] = [];
  for (let i = 0; i < PAGE_PROBES; i++) {
    tally.views++;
    const response = await fetch(`${origin}/demo`, { headers: { ...FAN_HEADERS, 'x-forwarded-for': randomIp() } });
    if (response.status !== 200) throw new Error(`GET /demo: HTTP ${response.status}`);
    sizes.push(Buffer.byteLength(await response.text()));
  }
  return sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)] as number;
}

/** What one connection sends, in a loop; `tally` counts the tracked requests sent. */
type Scenario = (tally: Tally) => autocannon.Request[];

/** One request to `path` from a new fan each time, counted in `kind` (untracked: none). */
function single(path: string, kind: keyof EventCounts | null): Scenario {
  return (tally) => [
    {
      path,
      setupRequest: (req) => {
        if (kind) tally[kind]++;
        return { ...req, headers: { ...req.headers, 'x-forwarded-for': randomIp() } };
      },
    },
  ];
}

/**
 * One scenario on every server at once, the connections split evenly. p50 is the mean of the
 * servers' medians and p99 the worst of their p99s (autocannon gives percentiles, not histograms).
 */
async function load(servers: readonly Server[], route: string, scenario: Scenario, tally: Tally, seconds: number, connections: number) {
  const answered = { views: tally.viewsAnswered, all: tally.answered };
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: server.origin,
        connections: Math.max(1, Math.round(connections / servers.length)),
        duration: seconds,
        headers: FAN_HEADERS,
        requests: scenario(tally),
      }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((n, r) => n + f(r), 0);
  const rps = Math.round(sum((r) => r.requests.average));
  const share = (tally.viewsAnswered - answered.views) / Math.max(1, tally.answered - answered.all);
  return {
    route,
    rps,
    fansPerSecond: tally.answered > answered.all ? Math.round(rps * share) : null,
    p50: round(sum((r) => r.latency.p50) / results.length),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    served: sum((r) => r['2xx'] + r['3xx']),
    sent: sum((r) => r.requests.sent),
    errors: sum((r) => r.errors + r.timeouts + r.non2xx - r['3xx']),
    rssMb: rssMbOf(servers),
  };
}

async function run(options: HttpOptions, database: string, databaseUrl: string, processes: number): Promise<DatabaseResult> {
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-bench-')) };
  const servers = [await startServer(env)]; // the first one migrates and seeds /demo
  for (let i = 1; i < processes; i++) servers.push(await startServer({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-bench-')) }));
  const rssAtRestMb = rssMbOf(servers);
  const tally: Tally = { views: 0, clicks: 0, confirmations: 0, viewsAnswered: 0, answered: 0 };
  const bytes = await pageBytes(servers[0]!, tally);
  const barePath = `/_bench/bare?bytes=${bytes}`;
  const scenarios: (readonly [string, Scenario])[] = [
    ...(processes === 1 ? [[barePath, single(barePath, null)] as const] : []),
    ['/demo', single('/demo', 'views')],
    ['/demo/spotify', single('/demo/spotify', 'clicks')],
    ['fan mix', fanMix],
  ];
  const measured: Omit<RouteResult, 'vsBare'>[] = [];
  for (const [route, scenario] of scenarios) {
    await load(servers, route, scenario, tally, WARMUP_SECONDS, options.connections);
    await Promise.all(servers.map(loopDelayMaxMs)); // resets the servers' delay histograms
    const result = await load(servers, route, scenario, tally, options.seconds, options.connections);
    measured.push({ ...result, loopDelayMaxMs: round(Math.max(...(await Promise.all(servers.map(loopDelayMaxMs))))) });
  }
  await Promise.all(servers.map(stopServer));

  const db = openDatabase(databaseUrl);
  const rows = await db.db.selectFrom('events').select((eb) => ['type', eb.fn.countAll<number>().as('n')]).groupBy('type').execute();
  await db.close();
  const storedOf = (type: string) => Number(rows.find((r) => r.type === type)?.n ?? 0);
  const bare = measured.find((r) => r.route === barePath)?.rps;
  return {
    database,
    processes,
    pageBytes: bytes,
    rssAtRestMb,
    routes: measured.map((r) => ({ ...r, vsBare: bare ? round(r.rps / bare) : null })),
    expected: { views: tally.views, clicks: tally.clicks, confirmations: tally.confirmations },
    stored: { views: storedOf('view'), clicks: storedOf('click'), confirmations: storedOf('client') },
  };
}

async function onPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const schema = await createSchema();
  try {
    return await work(schema.url);
  } finally {
    await schema.drop();
  }
}

export async function benchHttp(options: HttpOptions): Promise<DatabaseResult[]> {
  const results: DatabaseResult[] = [];
  if (options.databases.includes('sqlite')) {
    results.push(await run(options, 'sqlite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'dt-bench-')), 'bench.db')}`, 1));
  }
  if (options.databases.includes('postgres')) {
    if (await postgresReachable()) {
      results.push(await onPostgres((url) => run(options, 'postgres', url, 1)));
      for (const n of options.processes.filter((p) => p > 1)) results.push(await onPostgres((url) => run(options, 'postgres', url, n)));
    } else {
      console.warn('PostgreSQL not reachable: skipping its runs.');
    }
  }
  return results;
}

/** Every tracked request sent left its event, of its type. */
export function eventsMatch({ expected, stored }: Pick<DatabaseResult, 'expected' | 'stored'>): boolean {
  return expected.views === stored.views && expected.clicks === stored.clicks && expected.confirmations === stored.confirmations;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function printHttp(results: readonly DatabaseResult[], { seconds, connections }: Pick<HttpOptions, 'seconds' | 'connections'>): void {
  console.log(`\nDuotrack bench — ${connections} connections, ${seconds} s per route after ${WARMUP_SECONDS} s of warm-up, Node ${process.version}`);
  console.log(`Bare: no lookup, no tracking, the landing page's bytes. Fan mix: a page view, its beacon, and for ${TAP_SHARE * 100} % of fans a tap`);
  console.log('on one of the page\'s services and its beacon. vs bare: req/s ÷ the bare route\'s req/s. Loop max: the server\'s longest event-loop delay.\n');
  console.log('database   | procs | route                    |    req/s | fans/s |  p50 ms |  p99 ms | vs bare | loop max ms | RSS MB');
  console.log('-----------|-------|--------------------------|----------|--------|---------|---------|---------|-------------|-------');
  for (const r of results) {
    const head = `${r.database.padEnd(10)} | ${String(r.processes).padStart(5)} |`;
    for (const route of r.routes) {
      console.log(
        `${head} ${route.route.padEnd(24)} | ${String(route.rps).padStart(8)} | ${String(route.fansPerSecond ?? '–').padStart(6)} | ${String(route.p50).padStart(7)} | ${String(route.p99).padStart(7)} | ${(route.vsBare === null ? '–' : route.vsBare.toFixed(2)).padStart(7)} | ${route.loopDelayMaxMs.toFixed(1).padStart(11)} | ${String(route.rssMb).padStart(6)}`,
      );
      if (route.errors > 0) console.log(`${head} ${route.route}: ${route.errors} errors or answers other than 2xx/3xx`);
    }
    const counts = (['views', 'clicks', 'confirmations'] as const).map((k) => `${k} ${r.stored[k]} / ${r.expected[k]}`).join(', ');
    console.log(`${head} RSS at rest ${r.rssAtRestMb} MB; page ${r.pageBytes} bytes; events stored / sent: ${counts} → ${eventsMatch(r) ? 'equal' : 'MISMATCH'}`);
  }
}

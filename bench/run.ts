// `npm run bench`, two suites. http: landing-page and click throughput and latency with full
// tracking, against a bare route of the same server in the same run, and events stored versus
// responses served. dashboards (bench/dashboards.ts): overview, time series and breakdown timings
// of one client's 30 days of N generated events, from the rollups and from a raw scan, with the
// cost of loading and folding. Runs on SQLite, and on PostgreSQL when it is reachable. Prints
// tables, writes bench/results/.
//
//   npm run bench                      both suites, both databases
//   BENCH_SUITES=http                  http | dashboards | forwarding, comma-separated (default http,dashboards)
//   BENCH_DATABASES=sqlite             sqlite | postgres | sqlite,postgres (default)
//   BENCH_SECONDS=30 BENCH_CONNECTIONS=100     http: seconds per route (10), connections (50)
//   BENCH_DASHBOARD_EVENTS=1000000,10000000    dashboards: events of the measured client, one run
//                                              per size (default 10000000)
//   BENCH_DASHBOARD_RUNS=5 BENCH_DASHBOARD_RAW_RUNS=3    dashboards: timed runs of each query after
//                                              a warm-up (the median is shown), from rollups / raw
//   BENCH_FORWARDING_DELIVERIES=100000 forwarding (bench/forwarding.ts): deliveries queued, then drained
//                                      to a local fake Meta + TikTok (default 100000)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase, type Dialect } from '../src/db/database.js';
import { benchDashboards, printDashboards, type DashboardResult } from './dashboards.js';
import { benchForwarding, printForwarding, type ForwardingResult } from './forwarding.js';
import { createSchema, postgresReachable } from '../test/support/postgres.js';

const SUITES = (process.env.BENCH_SUITES ?? 'http,dashboards').split(',');
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DASHBOARD_EVENTS = (process.env.BENCH_DASHBOARD_EVENTS ?? '10000000').split(',').map(Number);
const DASHBOARD_RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
const DASHBOARD_RAW_RUNS = Number(process.env.BENCH_DASHBOARD_RAW_RUNS ?? 3);
const FORWARDING_DELIVERIES = Number(process.env.BENCH_FORWARDING_DELIVERIES ?? 100_000);
const WARMUP_SECONDS = 2;
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 606375155)';

interface RouteResult {
  readonly route: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly served: number; // 2xx + 3xx answers counted by the load generator
  readonly sent: number; // requests sent, including those still in flight when the run ended (the server answers them too)
  readonly errors: number;
}

interface DatabaseResult {
  readonly database: string;
  readonly routes: RouteResult[];
  readonly landingRatio: number;
  readonly clickRatio: number;
  readonly trackedSent: number;
  readonly stored: number;
  readonly rssMb: number;
}

/** A random public-looking IPv4 address, so GeoIP and the visitor hash see many fans. */
function randomIp(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `${[81, 92, 216, 89, 2][Math.floor(Math.random() * 5)]}.${octet()}.${octet()}.${octet()}`;
}

async function load(url: string, seconds: number): Promise<RouteResult & { raw: autocannon.Result }> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': UA, 'accept-language': 'fr-FR,fr;q=0.9' },
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': randomIp() } }) }],
  });
  const served = result['2xx'] + result['3xx'];
  return {
    route: new URL(url).pathname,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    served,
    sent: result.requests.sent,
    errors: result.errors + result.timeouts + result.non2xx - result['3xx'],
    raw: result,
  };
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['dist/main.js', 'serve'], {
    env: { ...process.env, PORT: '0', BENCH_ROUTES: '1', LOG_LEVEL: 'warn', TRUST_PROXY: 'true', ...env },
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

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function benchDatabase(name: string, databaseUrl: string, dataDir: string): Promise<DatabaseResult> {
  const { child, origin } = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir });
  let trackedSent = 0;
  const routes: RouteResult[] = [];
  let rss = 0;
  for (const path of ['/_bench/bare', '/demo', '/demo/spotify']) {
    const warm = await load(origin + path, WARMUP_SECONDS);
    const run = await load(origin + path, SECONDS);
    rss = Math.max(rss, rssOf(child.pid!));
    if (path !== '/_bench/bare') trackedSent += warm.sent + run.sent;
    const { raw: _raw, ...result } = run;
    routes.push(result);
  }
  child.kill('SIGTERM'); // drains every pending event
  await new Promise((resolve) => child.on('exit', resolve));

  const database = openDatabase(databaseUrl);
  const row = await database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await database.close();
  const [bare, landing, click] = routes as [RouteResult, RouteResult, RouteResult];
  return {
    database: name,
    routes,
    landingRatio: round(landing.rps / bare.rps),
    clickRatio: round(click.rps / bare.rps),
    trackedSent,
    stored: Number(row.n),
    rssMb: Math.round(rss),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function print(results: DatabaseResult[]): void {
  console.log(`\nDuotrack bench — ${CONNECTIONS} connections, ${SECONDS} s per route, Node ${process.version}\n`);
  console.log('database  | route          |    req/s |  p50 ms |  p99 ms | ratio vs bare');
  console.log('----------|----------------|----------|---------|---------|--------------');
  for (const r of results) {
    for (const route of r.routes) {
      const ratio = route.route === '/demo' ? r.landingRatio : route.route === '/demo/spotify' ? r.clickRatio : 1;
      console.log(`${r.database.padEnd(9)} | ${route.route.padEnd(14)} | ${String(route.rps).padStart(8)} | ${String(route.p50).padStart(7)} | ${String(route.p99).padStart(7)} | ${ratio.toFixed(2)}`);
    }
    console.log(`${r.database.padEnd(9)} | events stored ${r.stored} / tracked requests sent ${r.trackedSent} → ${r.stored === r.trackedSent ? 'equal' : 'MISMATCH'}; peak RSS ${r.rssMb} MB`);
  }
}

async function benchHttp(): Promise<DatabaseResult[]> {
  const results: DatabaseResult[] = [];
  if (DATABASES.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'dt-bench-'));
    results.push(await benchDatabase('sqlite', `sqlite:${join(dir, 'bench.db')}`, dir));
  }
  if (DATABASES.includes('postgres')) {
    if (await postgresReachable()) {
      const schema = await createSchema();
      try {
        results.push(await benchDatabase('postgres', schema.url, mkdtempSync(join(tmpdir(), 'dt-bench-'))));
      } finally {
        await schema.drop();
      }
    } else {
      console.warn('PostgreSQL not reachable: skipping its run.');
    }
  }
  print(results);
  return results;
}

async function main(): Promise<void> {
  const started = Date.now();
  const http = SUITES.includes('http') ? await benchHttp() : null;
  let dashboards: DashboardResult[] | null = null;
  if (SUITES.includes('dashboards')) {
    const databases = (['sqlite', 'postgres'] as const).filter((d: Dialect) => DATABASES.includes(d));
    const options = { sizes: DASHBOARD_EVENTS, databases, runs: DASHBOARD_RUNS, rawRuns: DASHBOARD_RAW_RUNS };
    dashboards = await benchDashboards(options);
    printDashboards(dashboards, options);
  }
  let forwarding: ForwardingResult[] | null = null;
  if (SUITES.includes('forwarding')) {
    forwarding = await benchForwarding({ databases: (['sqlite', 'postgres'] as const).filter((d: Dialect) => DATABASES.includes(d)), deliveries: FORWARDING_DELIVERIES });
    printForwarding(forwarding);
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify({ node: process.version, ...(http && { connections: CONNECTIONS, seconds: SECONDS, results: http }), ...(dashboards && { dashboards }), ...(forwarding && { forwarding }) }, null, 2),
  );
  console.log(`\nJSON: ${file} (wall time ${Math.round((Date.now() - started) / 1000)} s)`);
  if (http?.some((r) => r.stored !== r.trackedSent) || dashboards?.some((r) => r.queries.some((q) => !q.same)) || forwarding?.some((r) => r.sent !== r.deliveries)) process.exitCode = 1;
}

await main();

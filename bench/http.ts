// HTTP suite: the real server (`node dist/main.js serve`) under autocannon. For each database, the
// bare route (no lookup, no tracking), then the landing page and the click redirect with full
// tracking, in the same run: req/s, p50 / p99, the ratio to the bare route, RSS under load, and
// the events stored against the tracked requests sent (they must be equal). On PostgreSQL, a
// scaling run: 1, 2, … app processes sharing one schema, the connections split between them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.js';
import { createSchema, postgresReachable } from '../test/support/postgres.js';

export interface HttpOptions {
  readonly databases: readonly string[];
  readonly seconds: number;
  readonly connections: number;
  /** Process counts of the PostgreSQL scaling run, e.g. [1, 2]; empty: no scaling run. */
  readonly processes: readonly number[];
}

export interface RouteResult {
  readonly route: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly served: number; // 2xx + 3xx answers counted by the load generator
  readonly sent: number; // requests sent, including those still in flight when the run ended (the server answers them too)
  readonly errors: number;
  /** Resident memory of the server process(es) at the end of the run, MB (summed over processes). */
  readonly rssMb: number;
}

export interface DatabaseResult {
  readonly database: string;
  readonly processes: number;
  readonly routes: RouteResult[];
  /** Against the bare route of the same run; null in scaling runs (no bare route). */
  readonly landingRatio: number | null;
  readonly clickRatio: number | null;
  readonly trackedSent: number;
  readonly stored: number;
}

const WARMUP_SECONDS = 2;
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 606375155)';

/** A random public-looking IPv4 address, so GeoIP and the visitor hash see many fans. */
function randomIp(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `${[81, 92, 216, 89, 2][Math.floor(Math.random() * 5)]}.${octet()}.${octet()}.${octet()}`;
}

interface Server {
  readonly child: ChildProcess;
  readonly origin: string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
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

/**
 * One route on every server at once, the connections split evenly. p50 is the mean of the
 * servers' medians and p99 the worst of their p99s (autocannon gives percentiles, not histograms).
 */
async function load(servers: readonly Server[], path: string, seconds: number, connections: number): Promise<RouteResult> {
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: server.origin + path,
        connections: Math.max(1, Math.round(connections / servers.length)),
        duration: seconds,
        headers: { 'user-agent': UA, 'accept-language': 'fr-FR,fr;q=0.9' },
        requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': randomIp() } }) }],
      }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    route: path,
    rps: Math.round(sum((r) => r.requests.average)),
    p50: round(sum((r) => r.latency.p50) / results.length),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    served: sum((r) => r['2xx'] + r['3xx']),
    sent: sum((r) => r.requests.sent),
    errors: sum((r) => r.errors + r.timeouts + r.non2xx - r['3xx']),
    rssMb: Math.round(servers.reduce((n, s) => n + rssOf(s.child.pid!), 0)),
  };
}

async function run(options: HttpOptions, database: string, databaseUrl: string, processes: number): Promise<DatabaseResult> {
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-bench-')) };
  const servers = [await startServer(env)]; // the first one migrates and seeds /demo
  for (let i = 1; i < processes; i++) servers.push(await startServer({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-bench-')) }));
  let trackedSent = 0;
  const routes: RouteResult[] = [];
  const paths = processes === 1 ? ['/_bench/bare', '/demo', '/demo/spotify'] : ['/demo', '/demo/spotify'];
  for (const path of paths) {
    const warm = await load(servers, path, WARMUP_SECONDS, options.connections);
    const measured = await load(servers, path, options.seconds, options.connections);
    if (path !== '/_bench/bare') trackedSent += warm.sent + measured.sent;
    routes.push(measured);
  }
  await Promise.all(servers.map(stopServer));

  const db = openDatabase(databaseUrl);
  const row = await db.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await db.close();
  const rpsOf = (path: string) => routes.find((r) => r.route === path)?.rps;
  const bare = rpsOf('/_bench/bare');
  return {
    database,
    processes,
    routes,
    landingRatio: bare ? round(rpsOf('/demo')! / bare) : null,
    clickRatio: bare ? round(rpsOf('/demo/spotify')! / bare) : null,
    trackedSent,
    stored: Number(row.n),
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

const round = (n: number) => Math.round(n * 100) / 100;

export function printHttp(results: readonly DatabaseResult[], { seconds, connections }: Pick<HttpOptions, 'seconds' | 'connections'>): void {
  console.log(`\nDuotrack bench — ${connections} connections, ${seconds} s per route, Node ${process.version}\n`);
  console.log('database   | procs | route          |    req/s |  p50 ms |  p99 ms | vs bare | RSS MB');
  console.log('-----------|-------|----------------|----------|---------|---------|---------|-------');
  for (const r of results) {
    for (const route of r.routes) {
      const ratio = route.route === '/demo' ? r.landingRatio : route.route === '/demo/spotify' ? r.clickRatio : 1;
      console.log(
        `${r.database.padEnd(10)} | ${String(r.processes).padStart(5)} | ${route.route.padEnd(14)} | ${String(route.rps).padStart(8)} | ${String(route.p50).padStart(7)} | ${String(route.p99).padStart(7)} | ${(ratio === null ? '–' : ratio.toFixed(2)).padStart(7)} | ${String(route.rssMb).padStart(6)}`,
      );
    }
    console.log(`${r.database.padEnd(10)} | ${String(r.processes).padStart(5)} | events stored ${r.stored} / tracked requests sent ${r.trackedSent} → ${r.stored === r.trackedSent ? 'equal' : 'MISMATCH'}`);
  }
}

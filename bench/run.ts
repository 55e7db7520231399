// `npm run bench`, three suites. http (bench/http.ts): landing-page and click throughput and
// latency with full tracking, against a bare route of the same server in the same run, events
// stored versus responses served, RSS, and throughput with 1, 2, … processes on PostgreSQL. dashboards (bench/dashboards.ts): overview, time series and breakdown timings
// of one client's 30 days of N generated events, from the rollups and from a raw scan, with the
// cost of loading and folding. Runs on SQLite, and on PostgreSQL when it is reachable. Prints
// tables, writes bench/results/.
//
//   npm run bench                      both suites, both databases
//   BENCH_SUITES=http                  http | dashboards | forwarding, comma-separated (default http,dashboards)
//   BENCH_DATABASES=sqlite             sqlite | postgres | sqlite,postgres (default)
//   BENCH_SECONDS=30 BENCH_CONNECTIONS=100     http: seconds per route (10), connections (50)
//   BENCH_PROCESSES=1,2,4              http: app processes of the PostgreSQL scaling runs (default 1,2)
//   BENCH_DASHBOARD_EVENTS=1000000,10000000    dashboards: events of the measured client, one run
//                                              per size (default 10000000)
//   BENCH_DASHBOARD_RUNS=5 BENCH_DASHBOARD_RAW_RUNS=3    dashboards: timed runs of each query after
//                                              a warm-up (the median is shown), from rollups / raw
//   BENCH_FORWARDING_DELIVERIES=100000 forwarding (bench/forwarding.ts): deliveries queued, then drained
//                                      to a local fake Meta + TikTok (default 100000)
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Dialect } from '../src/db/database.js';
import { benchDashboards, printDashboards, type DashboardResult } from './dashboards.js';
import { benchForwarding, printForwarding, type ForwardingResult } from './forwarding.js';
import { benchHttp, printHttp, type DatabaseResult } from './http.js';

const SUITES = (process.env.BENCH_SUITES ?? 'http,dashboards').split(',');
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
const DASHBOARD_EVENTS = (process.env.BENCH_DASHBOARD_EVENTS ?? '10000000').split(',').map(Number);
const DASHBOARD_RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
const DASHBOARD_RAW_RUNS = Number(process.env.BENCH_DASHBOARD_RAW_RUNS ?? 3);
const FORWARDING_DELIVERIES = Number(process.env.BENCH_FORWARDING_DELIVERIES ?? 100_000);

async function main(): Promise<void> {
  const started = Date.now();
  let http: DatabaseResult[] | null = null;
  if (SUITES.includes('http')) {
    const options = { databases: DATABASES, seconds: SECONDS, connections: CONNECTIONS, processes: PROCESSES };
    http = await benchHttp(options);
    printHttp(http, options);
  }
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

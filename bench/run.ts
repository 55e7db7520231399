// `npm run bench`, three suites. http (bench/http.ts): the bare route (the landing page's bytes,
// no tracking), the landing page, the click redirect and the fan mix (bench/fan-mix.ts) with full
// tracking, in the same run: req/s, fans/s, p50 / p99, the ratio to the bare route, the server's
// longest event-loop delay, RSS at rest and under load, events stored against tracked requests
// sent, and throughput with 1, 2, … processes on PostgreSQL. dashboards (bench/dashboards.ts):
// overview, time series and breakdown timings of one client's 30 days of N generated events, from
// the rollups and from a raw scan, with the cost of loading the events, rebuilding the rollups
// from them (fold throughput) and the bytes on disk per event. Runs on SQLite, and on PostgreSQL
// when it is reachable. Prints tables, writes bench/results/; exits 1 when an event is missing or
// a number differs.
//
//   npm run bench                      http and dashboards, both databases
//   BENCH_SUITES=http                  http | dashboards | forwarding, comma-separated (default http,dashboards)
//   BENCH_DATABASES=sqlite             sqlite | postgres | sqlite,postgres (default)
//   BENCH_SECONDS=30 BENCH_CONNECTIONS=100     http: seconds per route (10), connections (50)
//   BENCH_PROCESSES=1,2,4              http: app processes of the PostgreSQL scaling runs (default 1,2)
//   BENCH_DASHBOARD_EVENTS=1000000,10000000    dashboards: events of the measured client, one run
//                                              per size (default 10000000)
//   BENCH_FOLD_EVENTS=1000000          dashboards: the same, for runs that only load, rebuild the
//                                      rollups and measure the bytes, per size not already in
//                                      BENCH_DASHBOARD_EVENTS (default 1000000)
//   BENCH_DASHBOARD_RUNS=5 BENCH_DASHBOARD_RAW_RUNS=3    dashboards: timed runs of each query after
//                                              a warm-up (the median is shown), from rollups / raw
//   BENCH_FORWARDING_DELIVERIES=100000 forwarding (bench/forwarding.ts): deliveries queued, then drained
//                                      to a local fake Meta + TikTok (default 100000)
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Dialect } from '../src/db/database.js';
import { benchDashboards, printDashboards, type DashboardResult } from './dashboards.js';
import { benchForwarding, printForwarding, type ForwardingResult } from './forwarding.js';
import { benchHttp, eventsMatch, printHttp, type DatabaseResult } from './http.js';

const SUITES = (process.env.BENCH_SUITES ?? 'http,dashboards').split(',');
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
const DASHBOARD_EVENTS = (process.env.BENCH_DASHBOARD_EVENTS ?? '10000000').split(',').map(Number);
const FOLD_EVENTS = (process.env.BENCH_FOLD_EVENTS ?? '1000000').split(',').map(Number);
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
    const options = { sizes: DASHBOARD_EVENTS, foldSizes: FOLD_EVENTS, databases, runs: DASHBOARD_RUNS, rawRuns: DASHBOARD_RAW_RUNS };
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
  if (http?.some((r) => !eventsMatch(r)) || dashboards?.some((r) => !r.same) || forwarding?.some((r) => r.sent !== r.deliveries)) process.exitCode = 1;
}

await main();

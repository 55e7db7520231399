// `npm run lighthouse -- [path or URL] [--runs 3] [--min-performance 95]`: Lighthouse (default
// mobile profile: simulated slow 4G and a 4× slower CPU) against one page, with the system
// Chromium. Given a path (default /app/, the web app's sign-in screen), it starts Duotrack on a
// throwaway SQLite database (with the /demo smartlink) serving the web app built in dist/web (the
// npm script builds first when the sources changed); given a URL, it measures that server. Prints
// the median of the runs (each figure on its own); exits 1 when the median performance score is
// below --min-performance, 2 when it cannot measure. Not part of `npm test`: too slow, and scores
// move a little between runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openContext } from '../src/context.js';
import { seedDemo } from '../src/tenants/demo.js';
import { DEFAULT_WEB_ROOT, loadBundle } from '../src/webapp/bundle.js';

const CHROME_PATH = '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = [
  { id: 'first-contentful-paint', label: 'FCP', unit: 'ms' },
  { id: 'largest-contentful-paint', label: 'LCP', unit: 'ms' },
  { id: 'total-blocking-time', label: 'TBT', unit: 'ms' },
  { id: 'cumulative-layout-shift', label: 'CLS', unit: '' },
] as const;

interface Options {
  readonly target: string;
  readonly runs: number;
  readonly minPerformance: number | null;
}

/** One run's figures: category scores (0–100) and metric values, by id. */
type Figures = Readonly<Record<string, number>>;

/** One run: its figures, and the audits that cost points (category: audit ids), to say what to fix. */
interface Run {
  readonly figures: Figures;
  readonly failing: Readonly<Record<string, readonly string[]>>;
}

/** A failure to report in one line (bad arguments, no build, a page that does not load). */
class ScriptError extends Error {}

function parseOptions(argv: readonly string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { runs: { type: 'string', default: '3' }, 'min-performance': { type: 'string' } } });
  } catch (err) {
    throw new ScriptError(`${(err as Error).message}\nusage: npm run lighthouse -- [path or URL] [--runs 3] [--min-performance 95]`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new ScriptError('give one path or URL');
  const target = positionals[0] ?? '/app/';
  if (!/^https?:\/\//.test(target) && !target.startsWith('/')) throw new ScriptError(`"${target}" is neither a path (/app/) nor an http(s) URL`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 15) throw new ScriptError('--runs must be a whole number from 1 to 15');
  const min = values['min-performance'];
  const minPerformance = min === undefined ? null : Number(min);
  if (minPerformance !== null && (!Number.isFinite(minPerformance) || minPerformance < 0 || minPerformance > 100)) {
    throw new ScriptError('--min-performance must be a score from 0 to 100');
  }
  return { target, runs, minPerformance };
}

/** Duotrack on a throwaway database, listening on a free loopback port; its base URL and a stop(). */
async function startDuotrack(): Promise<{ readonly base: string; stop(): Promise<void> }> {
  if (!(await loadBundle(DEFAULT_WEB_ROOT))) throw new ScriptError(`no web app build in ${DEFAULT_WEB_ROOT}: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'duotrack-lighthouse-'));
  const config = loadConfig({ DATA_DIR: dataDir, SECRET: 'lighthouse only, not a secret', PORT: '0' });
  const ctx = await openContext(config, pino({ level: 'warn' }));
  await seedDemo(ctx.database.db);
  const app = buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    async stop() {
      await app.close();
      await ctx.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function measure(url: string, port: number): Promise<Run> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  const lhr = result?.lhr;
  if (!lhr) throw new ScriptError(`Lighthouse returned no result for ${url}`);
  if (lhr.runtimeError) throw new ScriptError(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
  const figures: Record<string, number> = {};
  for (const id of CATEGORIES) figures[id] = Math.round((lhr.categories[id]?.score ?? 0) * 100);
  for (const { id } of METRICS) figures[id] = lhr.audits[id]?.numericValue ?? Number.NaN;
  const failing: Record<string, string[]> = {};
  for (const id of CATEGORIES) {
    const refs = lhr.categories[id]?.auditRefs ?? [];
    failing[id] = refs.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id);
  }
  return { figures, failing };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function format(value: number, unit: string): string {
  return unit === 'ms' ? `${Math.round(value)} ms` : value.toFixed(3);
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  const server = /^https?:\/\//.test(options.target) ? null : await startDuotrack();
  const url = server ? new URL(options.target, server.base).href : options.target;
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  const runs: Figures[] = [];
  const failing = new Map<string, Set<string>>();
  try {
    for (let i = 1; i <= options.runs; i++) {
      const run = await measure(url, chrome.port);
      const { figures } = run;
      runs.push(figures);
      for (const [category, ids] of Object.entries(run.failing)) for (const id of ids) failing.set(category, (failing.get(category) ?? new Set()).add(id));
      console.log(`run ${i}/${options.runs}: performance ${figures.performance}, FCP ${format(figures['first-contentful-paint'] as number, 'ms')}, LCP ${format(figures['largest-contentful-paint'] as number, 'ms')}`);
    }
  } finally {
    chrome.kill();
    await server?.stop();
  }
  const of = (id: string) => median(runs.map((run) => run[id] as number));
  console.log(`\nLighthouse 12 (mobile), ${url}, median of ${runs.length} run${runs.length > 1 ? 's' : ''}:`);
  for (const id of CATEGORIES) console.log(`  ${id.padEnd(16)} ${of(id)}`);
  for (const { id, label, unit } of METRICS) console.log(`  ${label.padEnd(16)} ${format(of(id), unit)}`);
  for (const [category, ids] of failing) if (ids.size) console.log(`  ${category} audits below full marks in some run: ${[...ids].join(', ')}`);
  const performance = of('performance');
  if (options.minPerformance !== null && performance < options.minPerformance) {
    console.error(`\nperformance ${performance} is below --min-performance ${options.minPerformance}`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof ScriptError)) throw err;
  console.error(`lighthouse: ${err.message}`);
  process.exitCode = 2;
}

// Reading /metrics in tests: a scrape through app.inject(), its samples parsed, and Prometheus'
// own linter (Debian's promtool) run on it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export const METRICS_TOKEN = 'a-metrics-token-of-some-length';
export const PROMTOOL = '/usr/bin/promtool';

/** CI installs promtool (.ci/run): there, a missing one fails; elsewhere its tests are skipped, loudly. */
export function promtoolAvailable(): boolean {
  if (existsSync(PROMTOOL)) return true;
  if (process.env.CI) throw new Error(`${PROMTOOL} is missing, and CI requires it (Debian package "prometheus")`);
  console.warn(`\n[duotrack] ${PROMTOOL} NOT found: the promtool checks are SKIPPED. apt-get install prometheus\n`);
  return false;
}

export async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** `promtool check metrics` on a scrape: its findings, '' when clean. */
export function promtoolFindings(text: string): string {
  const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw run.error;
  const findings = `${run.stdout}${run.stderr}`.trim();
  return run.status === 0 ? findings : findings || `promtool exited with ${run.status}`;
}

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key as string] = value as string;
    out.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return out;
}

/** The value of the one sample with this name whose labels include `labels`; undefined when there is none. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Metric families declared by `# TYPE` lines, with their type. */
export function families(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

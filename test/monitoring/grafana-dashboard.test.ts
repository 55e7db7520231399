// deploy/grafana/duotrack.json imports cleanly (one Prometheus data source input, used by every
// query), its PromQL parses, and it cannot drift from the code: every metric its queries name is
// in a real scrape.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/delivery/queue.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';
import { families, METRICS_TOKEN, PROMTOOL, promtoolAvailable, samples, scrape } from './scrape.js';

interface Target {
  readonly expr?: string;
  readonly datasource?: { readonly uid?: string };
}
interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
}
interface Dashboard {
  readonly __inputs: readonly { name: string; type: string; pluginId: string }[];
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { name: string; datasource: { uid: string }; query: { query: string } }[] };
  readonly uid: string;
}

const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/duotrack.json', import.meta.url), 'utf8')) as Dashboard;
const DS = '${DS_PROMETHEUS}';
const allPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queryPanels = allPanels.filter((p) => p.type !== 'row');
const queries = [...queryPanels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')), ...dashboard.templating.list.map((v) => v.query.query)];
/** Metric names in PromQL: every duotrack_… identifier (labels and functions never start so). */
const metricNames = [...new Set(queries.flatMap((q) => q.match(/\bduotrack_\w+/g) ?? []))].sort();

describe('Grafana dashboard', () => {
  it('asks for one Prometheus data source on import, and every panel and variable uses it', () => {
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    expect(queryPanels.length).toBeGreaterThan(10);
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DS });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe(DS);
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource.uid, variable.name).toBe(DS);
    expect(new Set(allPanels.map((p) => p.id)).size).toBe(allPanels.length);
  });

  it('covers requests, latency, the writer, deliveries, rollups, alerts and the process', () => {
    for (const name of [
      'duotrack_http_request_duration_seconds_bucket',
      'duotrack_events_written_total',
      'duotrack_events_dropped_total',
      'duotrack_writer_pending_events',
      'duotrack_writer_spooling',
      'duotrack_spool_bytes',
      'duotrack_spool_age_seconds',
      'duotrack_deliveries_pending',
      'duotrack_deliveries_total',
      'duotrack_rollup_rebuilds_pending',
      'duotrack_alerts_total',
      'duotrack_process_resident_memory_bytes',
      'duotrack_process_cpu_seconds_total',
      'duotrack_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(metricNames).toContain(name);
    }
    expect(queries.some((q) => q.startsWith('histogram_quantile(0.99'))).toBe(true);
  });

  it.runIf(promtoolAvailable())('has only queries Prometheus parses', () => {
    // Grafana's variables as Prometheus would get them; a rules file is the way promtool parses PromQL.
    const expr = (q: string) => q.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '6h').replaceAll('$instance', '.*').replaceAll('$route', '.*');
    const rules = queryPanels.flatMap((p) => (p.targets ?? []).map((t, i) => ({ record: `dashboard:panel_${p.id}_${i}`, expr: expr(t.expr ?? '') })));
    const dir = mkdtempSync(join(tmpdir(), 'duotrack-dashboard-'));
    try {
      const file = join(dir, 'rules.yml');
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] })); // JSON is YAML
      const run = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('against a real scrape', () => {
    let database: TestDatabase;
    let t: TestApp;

    beforeAll(async () => {
      database = await createTestDatabase('sqlite');
      t = await startTestApp(database, { METRICS_TOKEN, DELIVERY_INTERVAL_MS: '0' });
      await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } });
      const client = await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
      await enqueue(t.ctx.database.db, t.ctx.database, [{ key: 'dashboard', clientId: client.id, destination: 'ga4', payload: {} }]);
    });
    afterAll(async () => {
      await t.close();
      await database.cleanup();
    });

    it('uses only metrics the scrape has', async () => {
      const text = await scrape(t.app);
      const declared = families(text);
      const names = new Set([...declared.keys(), ...samples(text).map((s) => s.name)]);
      // A histogram (or a counter with no sample yet) is declared once, queried by its series' names.
      for (const [family, type] of declared) if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(family + suffix);
      expect(metricNames.filter((name) => !names.has(name))).toEqual([]);
    });
  });
});

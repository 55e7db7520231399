// GET /metrics: Prometheus text behind its token; off without one. A real scrape after page
// views and a queued delivery passes promtool, and every figure reflects the state it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/delivery/queue.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { scheduleRebuild } from '../../src/analytics/rollup-folder.js';
import { packageVersion } from '../../src/version.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';
import { families, METRICS_TOKEN, promtoolAvailable, promtoolFindings, sampleValue, scrape } from './scrape.js';

const COMMIT = '0123abc4567def';

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // Nothing is sent nor folded in the background: the backlogs stay as the tests leave them.
    t = await startTestApp(database, { METRICS_TOKEN, DELIVERY_INTERVAL_MS: '0', ROLLUP_INTERVAL_MS: '0', BUILD_COMMIT: COMMIT });
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/no/such/page/at/all' })).statusCode).toBe(404);
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('refuses a scrape without the token', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-wrong-token!' } })).statusCode).toBe(401);
  });

  it('times each page view under its route pattern, in seconds', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    const page = { route: '/:slug', method: 'GET', status: '200' };
    expect(families(text).get('duotrack_http_request_duration_seconds')).toBe('histogram');
    expect(sampleValue(text, 'duotrack_http_request_duration_seconds_count', page)).toBe(3);
    expect(sampleValue(text, 'duotrack_http_request_duration_seconds_bucket', { ...page, le: '+Inf' })).toBe(3);
    expect(sampleValue(text, 'duotrack_http_request_duration_seconds_bucket', { ...page, le: '2.5' })).toBe(3); // seconds, not ms
    const sum = sampleValue(text, 'duotrack_http_request_duration_seconds_sum', page) as number;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(7.5);
    expect(sampleValue(text, 'duotrack_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(text).not.toContain('/no/such/page'); // a path no route matched never becomes a label
    expect(text).not.toContain('duotrack_http_requests_total'); // the histogram's _count replaces it
  });

  it('reads the writer at scrape time, its totals as counters', async () => {
    const text = await scrape(t.app);
    for (const name of ['duotrack_events_written_total', 'duotrack_events_spooled_total', 'duotrack_events_dropped_total']) expect(families(text).get(name)).toBe('counter');
    expect(sampleValue(text, 'duotrack_events_written_total')).toBe(3);
    expect(sampleValue(text, 'duotrack_events_dropped_total')).toBe(0);
    expect(sampleValue(text, 'duotrack_writer_batch_events_count', { outcome: 'committed' })).toBe(3);
    expect(sampleValue(text, 'duotrack_writer_spooling')).toBe(0);
    expect(sampleValue(text, 'duotrack_spool_bytes')).toBe(0);
    expect(sampleValue(text, 'duotrack_spool_age_seconds')).toBe(0);
    expect(sampleValue(text, 'duotrack_writer_in_memory_events')).toBe(0);
    expect(sampleValue(text, 'duotrack_spool_failing')).toBe(0);
    expect(sampleValue(text, 'duotrack_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('names the build: package version, Node.js version, commit', async () => {
    const text = await scrape(t.app);
    expect(sampleValue(text, 'duotrack_build_info', { version: packageVersion(), node_version: process.versions.node, commit: COMMIT.toLowerCase() })).toBe(1);
  });

  it('counts clients whose rollups are being rebuilt, then none after the fold', async () => {
    expect(sampleValue(await scrape(t.app), 'duotrack_rollup_rebuilds_pending')).toBe(0);
    const client = await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await t.ctx.database.db.transaction().execute((trx) => scheduleRebuild(t.ctx.database, trx, client.id));
    expect(sampleValue(await scrape(t.app), 'duotrack_rollup_rebuilds_pending')).toBe(1);
    await t.ctx.rollups.fold();
    const text = await scrape(t.app);
    expect(sampleValue(text, 'duotrack_rollup_rebuilds_pending')).toBe(0);
    expect(sampleValue(text, 'duotrack_scrape_database_ok')).toBe(1);
  });

  it('shows the delivery backlog per destination, and 0 once it is sent', async () => {
    const client = await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    const queuedAt = Date.now() - 30_000;
    await enqueue(t.ctx.database.db, t.ctx.database, [{ key: 'metrics-test', clientId: client.id, destination: 'ga4', payload: {} }], queuedAt);
    const text = await scrape(t.app);
    expect(sampleValue(text, 'duotrack_deliveries_pending', { destination: 'ga4' })).toBe(1);
    const age = sampleValue(text, 'duotrack_deliveries_oldest_pending_seconds', { destination: 'ga4' }) as number;
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThan(300);

    await t.ctx.database.db.updateTable('deliveries').set({ state: 'sent', done_at: Date.now() }).execute();
    const after = await scrape(t.app);
    expect(sampleValue(after, 'duotrack_deliveries_pending', { destination: 'ga4' })).toBe(0);
    expect(sampleValue(after, 'duotrack_deliveries_oldest_pending_seconds', { destination: 'ga4' })).toBe(0);
  });

  it.runIf(promtoolAvailable())('passes promtool check metrics', async () => {
    const client = await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await enqueue(t.ctx.database.db, t.ctx.database, [{ key: 'promtool', clientId: client.id, destination: 'meta', payload: {} }]);
    await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } });
    const text = await scrape(t.app);
    expect(sampleValue(text, 'duotrack_deliveries_pending', { destination: 'meta' })).toBe(1);
    expect(sampleValue(text, 'duotrack_rollup_rebuilds_pending')).toBe(0);
    expect(promtoolFindings(text)).toBe('');
  });
});

describe('metrics configuration', () => {
  it('is off when no token is configured', async () => {
    const other = await createTestDatabase('sqlite');
    const plain = await startTestApp(other);
    expect((await plain.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    await plain.close();
    await other.cleanup();
  });

  it('leaves the commit label out when BUILD_COMMIT is unset', async () => {
    const other = await createTestDatabase('sqlite');
    const plain = await startTestApp(other, { METRICS_TOKEN });
    const info = (await scrape(plain.app)).split('\n').filter((l) => l.startsWith('duotrack_build_info'));
    expect(info).toEqual([`duotrack_build_info{version="${packageVersion()}",node_version="${process.versions.node}"} 1`]);
    await plain.close();
    await other.cleanup();
  });

  it('refuses a BUILD_COMMIT that is not a commit hash', () => {
    expect(() => loadConfig({ DATA_DIR: '/tmp/dt-config-test', SECRET: 's', BUILD_COMMIT: 'main' })).toThrow(
      new ConfigError('BUILD_COMMIT must be a commit hash (7 to 40 hex digits), got "main"'),
    );
  });
});

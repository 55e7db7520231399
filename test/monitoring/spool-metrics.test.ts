// While the database is away, a scrape shows the spool: spooling, its bytes, the age of its oldest
// event; the scrape still answers (and passes promtool) when the database figures cannot be read.
// Once the spool is replayed its age is 0 again.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeOutage, type Outage } from '../support/database-outage.js';
import { PHONE_UA } from '../support/events.js';
import { until } from '../support/until.js';
import { METRICS_TOKEN, promtoolAvailable, promtoolFindings, sampleValue, scrape } from './scrape.js';

const promtool = promtoolAvailable();

describe.each(DIALECTS)('spool metrics on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp | undefined;
  let outage: Outage | undefined;

  afterEach(async () => {
    await outage?.end().catch(() => undefined);
    await t?.close();
    await outage?.dispose();
    await database.cleanup();
  });

  it('shows the spool and its age during an outage, and age 0 once it is replayed', async () => {
    database = await createTestDatabase(dialect);
    outage = await makeOutage(database);
    t = await startTestApp(database, { METRICS_TOKEN, WRITER_COMMIT_TIMEOUT_MS: '500', ...outage.env });
    expect((await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(200); // warm the lookup

    await outage.begin();
    const spooledAt = Date.now();
    expect((await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const during = await scrape(t.app);
    expect(sampleValue(during, 'duotrack_writer_spooling')).toBe(1);
    expect(sampleValue(during, 'duotrack_events_spooled_total')).toBe(1);
    expect(sampleValue(during, 'duotrack_spool_bytes')).toBeGreaterThan(0);
    const age = sampleValue(during, 'duotrack_spool_age_seconds') as number;
    expect(age).toBeGreaterThanOrEqual(0.1);
    expect(age).toBeLessThanOrEqual((Date.now() - spooledAt) / 1000 + 1);
    if (dialect === 'postgres') {
      // The database cannot be reached: its gauges are left out, and the scrape says so.
      expect(sampleValue(during, 'duotrack_scrape_database_ok')).toBe(0);
      expect(sampleValue(during, 'duotrack_rollup_rebuilds_pending')).toBeUndefined();
    } else {
      expect(sampleValue(during, 'duotrack_scrape_database_ok')).toBe(1); // SQLite reads through the writer's lock (WAL)
    }
    if (promtool) expect(promtoolFindings(during)).toBe('');

    await outage.end();
    await until(() => t!.ctx.writer.stats().mode === 'direct');
    const after = await scrape(t.app);
    expect(sampleValue(after, 'duotrack_spool_age_seconds')).toBe(0);
    expect(sampleValue(after, 'duotrack_spool_bytes')).toBe(0);
    expect(sampleValue(after, 'duotrack_events_written_total')).toBe(2);
    expect(sampleValue(after, 'duotrack_scrape_database_ok')).toBe(1);
  });
});

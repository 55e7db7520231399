// The database goes away during a burst of views: every page is served, every event is stored
// once the database is back, exactly once. SQLite: another process holds the write lock.
// PostgreSQL: the connection is cut (refused) through a proxy.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';
import { makeOutage, type Outage } from '../support/database-outage.js';
import { until } from '../support/until.js';

const BURST = 200;

describe.each(DIALECTS)('database outage on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp | undefined;
  let outage: Outage | undefined;

  afterEach(async () => {
    await outage?.end().catch(() => undefined);
    await t?.close();
    await outage?.dispose();
    await database.cleanup();
  });

  it(`serves every page of a ${BURST}-view burst and stores every view once after recovery`, async () => {
    database = await createTestDatabase(dialect);
    outage = await makeOutage(database);
    t = await startTestApp(database, { TRUST_PROXY: 'true', WRITER_COMMIT_TIMEOUT_MS: '500', ...outage.env });
    const app = t.app;
    expect((await app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(200); // warm
    const baseline = (await storedEvents(t.ctx)).length;

    await outage.begin();
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        app.inject({ url: '/demo', headers: { 'user-agent': `${PHONE_UA} burst-${i}`, 'x-forwarded-for': '81.2.69.142' } }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(BURST).fill(200));
    expect(t.ctx.writer.stats().mode).toBe('spooling');
    const spoolFile = `${database.dataDir}/spool/${readdirSync(`${database.dataDir}/spool`)[0]}`;
    const spooled = readFileSync(spoolFile, 'utf8');
    expect(spooled.trim().split('\n')).toHaveLength(BURST);
    expect(spooled).not.toContain('81.2.69.142');
    expect(spooled).toContain('"ip_truncated":"81.2.69.0"');

    // a link never looked up: PostgreSQL is unreachable → a branded "try again" page; SQLite still reads (WAL) → an honest 404
    const cold = await app.inject({ url: '/never-seen-link' });
    if (dialect === 'postgres') {
      expect(cold.statusCode).toBe(503);
      expect(cold.headers['retry-after']).toBe('5');
      expect(cold.body).toContain('Back in a moment');
    } else {
      expect(cold.statusCode).toBe(404);
    }

    const health = await app.inject({ url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'degraded', writer: { mode: 'spooling' } });

    await outage.end();
    await until(() => t!.ctx.writer.stats().mode === 'direct');
    const events = await storedEvents(t.ctx);
    expect(events).toHaveLength(baseline + BURST);
    const burstTags = events.map((e) => /burst-(\d+)$/.exec(e.user_agent)?.[1]).filter(Boolean).map(Number);
    expect(burstTags.sort((a, b) => a - b)).toEqual(Array.from({ length: BURST }, (_, i) => i));
    expect(events.filter((e) => e.user_agent.includes('burst-')).filter((e) => e.is_unique === 1)).toHaveLength(BURST);
    expect(readFileSync(spoolFile, 'utf8')).toBe('');
  });
});

// Scenario 4: SIGTERM under a heavy load drains everything: every page answered is stored, and the
// process exits 0 within a few seconds (keep-alive connections do not hold it).
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { countStored, report, sleep, startLoad, startServer } from './harness.js';

describe.each(DIALECTS)('SIGTERM under load on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.cleanup());

  it('stores every acknowledged view and exits 0 within 5 s', async () => {
    database = await createTestDatabase(dialect);
    const server = await startServer({ DATABASE_URL: database.url, DATA_DIR: database.dataDir });
    const load = startLoad(server.origin, 100);
    await sleep(3000);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const drainMs = Date.now() - signalled;
    const result = await load.stop();
    const { stored, lost } = await countStored(database.url, result.acknowledged);
    report(`SIGTERM (${dialect})`, result, stored, lost.length, `exit ${code} after ${drainMs} ms`);
    expect(result.acknowledged.length).toBeGreaterThan(100);
    expect(lost).toEqual([]);
    expect(code).toBe(0);
    expect(drainMs).toBeLessThan(5000);
  });
});

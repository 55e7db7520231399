// Scenario 1: `kill -9` of the server under load, then a restart on the same data directory.
// A page is answered only after its view is committed or fsynced to the spool, and the restart
// adopts and replays a dead process's spool: no acknowledged view may be missing.
// Runs on SQLite, on the shared PostgreSQL (direct mode), and on a throwaway PostgreSQL stopped
// during the load (the views acknowledged are then in the spool when the process dies).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { canRunThrowawayPostgres, countStored, report, sleep, startLoad, startServer, startThrowawayPostgres, stopServer, until, type ThrowawayPostgres } from './harness.js';

async function killUnderLoadThenRestart(scenario: string, databaseUrl: string, dataDir: string, during?: { before(): void; after(): void }) {
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, WRITER_COMMIT_TIMEOUT_MS: '500' };
  const first = await startServer(env);
  const load = startLoad(first.origin, 20);
  await sleep(1500);
  during?.before();
  await sleep(1500);
  first.child.kill('SIGKILL');
  await first.exited;
  const result = await load.stop();
  during?.after();

  const second = await startServer(env); // adopts the dead process's spool, replays it
  await until(async () => {
    const h = await second.health();
    return h.writer.mode === 'direct' && h.writer.pending === 0;
  }, 60_000, 'spool replayed');
  const stop = await stopServer(second);
  const { stored, lost } = await countStored(databaseUrl, result.acknowledged);
  report(scenario, result, stored, lost.length, `restart drained in ${stop.ms} ms`);
  expect(result.acknowledged.length).toBeGreaterThan(100);
  expect(lost).toEqual([]);
  expect(stop.code).toBe(0);
}

describe.each(DIALECTS)('kill -9 under load on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.cleanup());

  it('loses no acknowledged view', async () => {
    database = await createTestDatabase(dialect);
    await killUnderLoadThenRestart(`kill -9 (${dialect})`, database.url, database.dataDir);
  });
});

describe.runIf(canRunThrowawayPostgres())('kill -9 under load while spooling (throwaway PostgreSQL stopped)', () => {
  let pg: ThrowawayPostgres | undefined;
  afterAll(() => pg?.destroy());

  it('replays the dead process’s spool on restart: no acknowledged view lost', async () => {
    pg = await startThrowawayPostgres();
    const cluster = pg;
    await killUnderLoadThenRestart('kill -9 while spooling (postgres down)', cluster.url, mkdtempSync(join(tmpdir(), 'dt-rel-')), {
      before: () => cluster.stop('immediate'),
      after: () => cluster.start(),
    });
  });
});

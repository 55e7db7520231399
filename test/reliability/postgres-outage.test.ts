// Scenario 2: PostgreSQL stopped for 30 s under load (a throwaway cluster, `pg_ctl stop -m
// immediate`), then started again. Every page is answered 200 throughout (views go to the spool),
// /healthz says "degraded" during the outage and "ok" after, and no view is lost once replayed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canRunThrowawayPostgres, countStored, report, sleep, startLoad, startServer, startThrowawayPostgres, stopServer, until, type Health, type ThrowawayPostgres } from './harness.js';

const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_MS ?? 30_000);

describe.runIf(canRunThrowawayPostgres())('PostgreSQL stopped under load', () => {
  let pg: ThrowawayPostgres | undefined;
  afterAll(() => pg?.destroy());

  it(`serves every page through a ${OUTAGE_MS / 1000} s outage and stores every view after`, async () => {
    pg = await startThrowawayPostgres();
    const server = await startServer({ DATABASE_URL: pg.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-rel-')), WRITER_COMMIT_TIMEOUT_MS: '500' });
    const load = startLoad(server.origin, 20);
    await sleep(3000);
    expect((await server.health()).status).toBe('ok');

    pg.stop('immediate');
    const during: Health[] = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      await sleep(2000);
      during.push(await server.health());
    }
    pg.start();
    // Load goes on for 5 s with the database back; then the replay must catch up. (Under this
    // load it may not catch up while the load lasts: the replay stores ~350 events per commit,
    // one commit at a time, while new pages keep appending to the spool. See the report.)
    await sleep(5000);
    const result = await load.stop();
    const replayStart = Date.now();
    await until(async () => (await server.health()).status === 'ok', 120_000, 'healthz ok after the outage');
    const replayMs = Date.now() - replayStart;
    const stop = await stopServer(server);
    const { stored, lost } = await countStored(pg.url, result.acknowledged);
    const sentDuring = during.length;
    report('postgres stopped 30 s', result, stored, lost.length, `/healthz during outage: ${[...new Set(during.map((h) => `${h.status}/${h.database}/${h.writer.mode}`))].join(', ')} (${sentDuring} polls); ok again ${replayMs} ms after the load stopped`);

    expect(during.every((h) => h.status === 'degraded' && h.database === 'down' && h.writer.mode === 'spooling')).toBe(true);
    expect([...result.statuses.keys()]).toEqual([200]); // none 5xx, none unanswered
    expect(result.acknowledged.length).toBeGreaterThan(500);
    expect(lost).toEqual([]);
    expect(stop.code).toBe(0);
  }, 240_000);
});

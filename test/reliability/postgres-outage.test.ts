// Scenario 2: PostgreSQL stopped for 30 s under load (a throwaway cluster, `pg_ctl stop -m
// immediate`), then started again. Every page is answered 200 throughout (views go to the spool),
// /healthz says "degraded" during the outage and "ok" after, and no view is lost once replayed.
// Once the database answers, new views commit directly ("replaying": degraded, database up) while
// the spool drains behind them, so the writer catches up while the load goes on.
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
    const restarted = Date.now();
    const after: Health[] = [];
    const caughtUp = async () => {
      const health = await server.health();
      after.push(health);
      return health.status === 'ok';
    };
    await until(caughtUp, 120_000, 'healthz ok again while the load goes on');
    const replayMs = Date.now() - restarted;
    const result = await load.stop();
    const stop = await stopServer(server);
    const { stored, lost } = await countStored(pg.url, result.acknowledged);
    const sentDuring = during.length;
    report('postgres stopped 30 s', result, stored, lost.length, `/healthz during outage: ${[...new Set(during.map((h) => `${h.status}/${h.database}/${h.writer.mode}`))].join(', ')} (${sentDuring} polls); after: ${[...new Set(after.map((h) => `${h.status}/${h.database}/${h.writer.mode}`))].join(', ')}; ok again ${replayMs} ms after the restart, under load`);

    expect(during.every((h) => h.status === 'degraded' && h.database === 'down' && h.writer.mode === 'spooling')).toBe(true);
    expect(after.filter((h) => h.writer.mode === 'replaying').every((h) => h.status === 'degraded' && h.database === 'up')).toBe(true);
    expect(after.map((h) => h.writer.mode)).toContain('replaying');
    expect([...result.statuses.keys()]).toEqual([200]); // none 5xx, none unanswered
    expect(result.acknowledged.length).toBeGreaterThan(500);
    expect(lost).toEqual([]);
    expect(stop.code).toBe(0);
  }, 240_000);
});

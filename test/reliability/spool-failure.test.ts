// Scenario 3: the database is down AND the spool refuses writes. Both failures are real, and both
// work for root (which ignores chmod):
// - full: the process runs with a file-size limit (`ulimit -f`, RLIMIT_FSIZE), so the kernel first
//   shortens a spool write, then refuses the next with EFBIG, exactly as a full disk does (ENOSPC);
// - unwritable: the spool directory is a regular file, so it cannot be created at start.
// Expected: the error is in the logs and in /healthz (`writer.spoolError`), the process does not
// crash and answers every page 200; those events are held in memory (`writer.inMemory`) and stored
// first when the database is back, so none is lost as long as the process lives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canRunThrowawayPostgres, countStored, report, sleep, startLoad, startServer, startThrowawayPostgres, stopServer, until, type Health, type ThrowawayPostgres } from './harness.js';

const CASES = [
  { name: 'full (file-size limit → EFBIG)', code: 'EFBIG', prepare: (_dir: string) => undefined, fileSizeLimitKb: 64 },
  { name: 'unwritable (spool dir is a file)', code: 'ENOTDIR|EEXIST', prepare: (dir: string) => writeFileSync(join(dir, 'spool'), 'not a directory'), fileSizeLimitKb: undefined },
] as const;

describe.runIf(canRunThrowawayPostgres())('spool failure while PostgreSQL is down', () => {
  const clusters: ThrowawayPostgres[] = [];
  afterAll(() => clusters.forEach((c) => c.destroy()));

  it.each(CASES)('$name: reported, pages served, nothing lost while the process lives', async ({ name, code, prepare, fileSizeLimitKb }) => {
    const pg = await startThrowawayPostgres();
    clusters.push(pg);
    const dataDir = mkdtempSync(join(tmpdir(), 'dt-rel-'));
    prepare(dataDir);
    const server = await startServer({ DATABASE_URL: pg.url, DATA_DIR: dataDir, WRITER_COMMIT_TIMEOUT_MS: '500' }, { fileSizeLimitKb });
    const load = startLoad(server.origin, 10);
    await sleep(1500);

    pg.stop('immediate');
    await sleep(6000);
    const health: Health = await server.health();
    expect(server.child.exitCode).toBeNull(); // no crash
    expect(health).toMatchObject({ status: 'degraded', database: 'down', writer: { mode: 'spooling' } });
    expect(health.writer.spoolError?.code).toMatch(new RegExp(`^(${code})$`));
    expect(health.writer.inMemory).toBeGreaterThan(0);
    expect(server.logs()).toContain('spool write failed');

    pg.start();
    await until(async () => (await server.health()).writer.mode === 'direct', 60_000, 'database back, memory and spool stored');
    const result = await load.stop();
    const after = await server.health();
    const stop = await stopServer(server);
    const { stored, lost } = await countStored(pg.url, result.acknowledged);
    report(`spool ${name}`, result, stored, lost.length, `held in memory at the check: ${health.writer.inMemory}; spoolError: ${health.writer.spoolError?.code} ${health.writer.spoolError?.message}`);
    expect([...result.statuses.keys()]).toEqual([200]);
    expect(lost).toEqual([]);
    expect(after.writer.inMemory).toBe(0);
    expect(stop.code).toBe(0);
  }, 120_000);
});

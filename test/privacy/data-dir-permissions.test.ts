// DATA_DIR holds fans' data (the SQLite database and its WAL, the spool) and the secret: after a
// start on a fresh directory, with a spool written, every folder in it is 0700 and every file 0600,
// whatever the process umask lets through.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openContext, type Context } from '../../src/context.js';
import { seedDemo } from '../../src/tenants/demo.js';
import { openSpool } from '../../src/tracking/spool.js';
import { syntheticEvents } from '../support/synthetic-events.js';

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) };
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) found[entry] = (statSync(join(dir, entry)).mode & 0o777).toString(8);
  return found;
}

describe('DATA_DIR permissions', () => {
  const root = mkdtempSync(join(tmpdir(), 'duotrack-perms-'));
  const dataDir = join(root, 'data'); // created by the start
  let ctx: Context;
  const umask = process.umask(0o022); // the usual default: files 0644 and folders 0755 unless asked otherwise

  beforeAll(async () => {
    ctx = await openContext(loadConfig({ DATA_DIR: dataDir }), pino({ level: 'silent' }));
    const demo = await seedDemo(ctx.database.db);
    // A spool with events in it (as a node that lost its database leaves it).
    const spool = openSpool(join(dataDir, 'spool'), 999_999_999);
    spool.append([...syntheticEvents({ clientId: demo.smartlink.clientId, smartlinkIds: [demo.smartlink.id], from: Date.now() - 60_000, to: Date.now(), views: 3 })]);
    spool.close();
  });
  afterAll(async () => {
    await ctx?.close();
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates its folders 0700 and its files 0600: the secret, the database with its -wal and -shm, the spool', () => {
    const found = modes(dataDir);
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['.', 'secret', 'duotrack.db', 'duotrack.db-wal', 'duotrack.db-shm', 'spool']));
    expect(Object.keys(found).filter((p) => p.startsWith('spool/') && p.endsWith('.ndjson'))).toHaveLength(2);
    expect(Object.entries(found).filter(([path, mode]) => mode !== (path === '.' || path === 'spool' ? '700' : '600'))).toEqual([]);
  });
});

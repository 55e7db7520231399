// The process is killed (SIGKILL) in the middle of a load: every view whose page was answered is
// in the database afterwards, once. A page is sent only after its view is committed, so nothing
// acknowledged can be lost; this checks it against a real process, by event id, on every database.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

async function startServer(databaseUrl: string, dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', ADMIN_PASSWORD: 'not-printed-here' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, address, exited };
}

describe.each(DIALECTS)('kill -9 under load on %s', (dialect) => {
  let database: TestDatabase;
  afterAll(async () => database?.cleanup());

  it('loses no acknowledged view', async () => {
    database = await createTestDatabase(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'dt-kill-'));
    const server = await startServer(database.url, dataDir);

    const acknowledged: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${server.address}/demo`, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' } });
          const body = await res.text();
          const id = /"event_id":"([0-9a-f-]{36})"/.exec(body)?.[1];
          if (res.status === 200 && id) acknowledged.push(id);
        } catch {
          // the connection died with the process: that page was never answered
        }
      }
    };
    const workers = Array.from({ length: 20 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThan(50);

    const db = openDatabase(database.url);
    const stored = new Set((await db.db.selectFrom('events').select('event_id').where('type', '=', 'view').execute()).map((r) => r.event_id));
    await db.close();
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
  }, 90_000);
});

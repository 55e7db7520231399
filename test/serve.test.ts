// `duotrack serve` as a real process, as `npm start` runs it: fresh database → demo and admin,
// pages served, and SIGTERM drains every pending event before exit.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';

describe('duotrack serve', () => {
  it('starts on a fresh database, serves /demo, redirects a click, 404s unknown links, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dt-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', ADMIN_PASSWORD: '', ADMIN_EMAIL: '' }, // empty = unset: a fresh embedded database
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed; stderr: ${stderr}`)), 60_000);
      child.stdout.on('data', () => {
        const match = /(?:serving on|en service sur) (http:\/\/\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(stdout).toContain('email:    admin@duotrack.local');
    expect(stdout).toMatch(/password: \S+ {3}\(shown once/);

    const demo = await fetch(`${address}/demo`, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' } });
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('Midnight Drive');
    const click = await fetch(`${address}/demo/spotify`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toContain('open.spotify.com');
    expect((await fetch(`${address}/unknown`)).status).toBe(404);

    // a burst in flight when SIGTERM arrives: all answered, all stored
    const burst = Array.from({ length: 50 }, () => fetch(`${address}/demo`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    const statuses = await Promise.all(burst.map((p) => p.catch(() => 0)));
    const stopping = Date.now();
    const code = await exited;
    expect(Date.now() - stopping).toBeLessThan(5000); // no keep-alive connection holds the exit
    expect(code).toBe(0);

    const database = openDatabase(`sqlite:${join(dataDir, 'duotrack.db')}`);
    const rows = await database.db.selectFrom('events').select(['type']).execute();
    await database.close();
    const served = statuses.filter((s) => s === 200).length;
    expect(served).toBeGreaterThan(0); // the drain is tested only if requests were in flight
    expect(rows.filter((r) => r.type === 'view')).toHaveLength(1 + served);
    expect(rows.filter((r) => r.type === 'click')).toHaveLength(1);
  }, 60_000); // a cold start compiles TypeScript and loads 45 MB of GeoIP data: slow on a busy CI core
});

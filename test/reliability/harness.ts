// What the reliability scenarios share: the built server as a real process (`node dist/main.js
// serve`, as `npm start` runs it), a load of concurrent fans (distinct X-Forwarded-For through
// TRUST_PROXY=true) that keeps the event id of every page it received, the count of those ids
// stored, and a throwaway PostgreSQL cluster that a scenario may stop and start.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/database.js';

const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98';

export interface Server {
  readonly child: ChildProcess;
  readonly origin: string;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Everything the process printed (pino JSON lines and the banner). */
  logs(): string;
  health(): Promise<Health>;
}

export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly database: 'up' | 'down';
  readonly writer: { mode: string; pending: number; inMemory: number; spoolError: { message: string; code?: string } | null };
}

/** Every server started by this test file: whatever a failed test left running is killed after the file. */
const started = new Set<ChildProcess>();
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

/**
 * Starts `node dist/main.js serve`. `fileSizeLimitKb`: RLIMIT_FSIZE (`ulimit -f`) of the process;
 * `cwd` and `entry`: another copy of the package and its script (an unpacked `npm pack`, bin/duotrack.js).
 */
export async function startServer(env: Record<string, string>, options: { fileSizeLimitKb?: number; cwd?: string; entry?: string } = {}): Promise<Server> {
  const entry = options.entry ?? 'dist/main.js';
  const command = options.fileSizeLimitKb ? ['bash', ['-c', `ulimit -f ${options.fileSizeLimitKb} && exec "${process.execPath}" ${entry} serve`]] as const : [process.execPath, [entry, 'serve']] as const;
  const child = spawn(command[0], [...command[1]], {
    cwd: options.cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TRUST_PROXY: 'true', ADMIN_PASSWORD: 'reliability-test-pw', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /(?:serving on|en service sur) (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code} before serving:\n${out}`)));
  });
  return {
    child,
    origin,
    exited,
    logs: () => out,
    health: async () => (await (await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5000) })).json()) as Health,
  };
}

/** SIGTERM, then the exit code and how long the drain took. */
export async function stopServer(server: Server): Promise<{ code: number | null; ms: number }> {
  const start = Date.now();
  server.child.kill('SIGTERM');
  const code = await server.exited;
  return { code, ms: Date.now() - start };
}

export interface LoadResult {
  sent: number;
  /** Event ids of the pages received with a 200 (the page embeds its view's id). */
  readonly acknowledged: string[];
  /** Status → count; 0 = no answer (connection refused or reset, timeout). */
  readonly statuses: Map<number, number>;
}

export interface Load {
  readonly result: LoadResult;
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<LoadResult>;
}

function randomIp(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `${[81, 92, 216, 89, 2][Math.floor(Math.random() * 5)]}.${octet()}.${octet()}.${octet()}`;
}

/** `connections` fans loading /demo back to back until stopped. */
export function startLoad(origin: string, connections = 20): Load {
  const result: LoadResult = { sent: 0, acknowledged: [], statuses: new Map() };
  let stopped = false;
  const count = (status: number) => result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  const worker = async () => {
    while (!stopped) {
      result.sent++;
      try {
        const res = await fetch(`${origin}/demo`, {
          headers: { 'user-agent': UA, 'x-forwarded-for': randomIp(), 'accept-language': 'fr-FR' },
          signal: AbortSignal.timeout(15_000),
        });
        const body = await res.text();
        count(res.status);
        const id = /"event_id":"([0-9a-f-]{36})"/.exec(body)?.[1];
        // A copy: V8 keeps a matched substring as a slice of its string, so the id would hold its
        // whole page (50 KB as UTF-16) in memory; 80,000 pages through an outage filled the heap.
        if (res.status === 200 && id) result.acknowledged.push(Buffer.from(id, 'latin1').toString('latin1'));
      } catch {
        count(0);
        await new Promise((r) => setTimeout(r, 20)); // the server is gone: do not spin
      }
    }
  };
  const workers = Array.from({ length: connections }, worker);
  return {
    result,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      return result;
    },
  };
}

/** How many of the acknowledged views are stored, and how many views are stored in all. */
export async function countStored(databaseUrl: string, acknowledged: readonly string[]): Promise<{ stored: number; lost: string[] }> {
  const database = openDatabase(databaseUrl);
  try {
    const rows = await database.db.selectFrom('events').select('event_id').where('type', '=', 'view').execute();
    const stored = new Set(rows.map((r) => r.event_id));
    return { stored: stored.size, lost: acknowledged.filter((id) => !stored.has(id)) };
  } finally {
    await database.close();
  }
}

export function report(scenario: string, load: LoadResult, stored: number, lost: number, extra = ''): void {
  const statuses = [...load.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s === 0 ? 'no answer' : s}: ${n}`).join(', ');
  console.log(`[reliability] ${scenario}: sent ${load.sent}, acknowledged ${load.acknowledged.length}, stored ${stored}, lost ${lost} (${statuses})${extra ? `; ${extra}` : ''}`);
}

export async function until(check: () => boolean | Promise<boolean>, ms = 30_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await Promise.resolve().then(check).catch(() => false))) {
    if (Date.now() - start > ms) throw new Error(`${what} not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// A throwaway PostgreSQL cluster (never the shared server on 5432): initdb into a temp dir, run on
// a free port with its socket in that dir, stop and start at will, delete at the end.

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  readonly url: string;
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  destroy(): void;
}

/** A TCP port free on 127.0.0.1 now (for a process that must be told its port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'dt-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = osUser('postgres');
    chownSync(dir, uid, gid);
  }
  // initdb and postgres refuse to run as root: run them as the postgres OS user then.
  const run = (bin: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(PG_BIN, bin), asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args, { stdio: 'pipe', timeout: 60_000 });
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`, 'start']);
  const stop = (mode: 'immediate' | 'fast' = 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function osUser(name: string): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('id', ['-u', name]).toString().trim().concat(' ', execFileSync('id', ['-g', name]).toString().trim()).split(' ').map(Number);
  return { uid: uid!, gid: gid! };
}

/** Whether this machine can run a throwaway cluster (the PostgreSQL binaries are installed). */
export function canRunThrowawayPostgres(): boolean {
  try {
    execFileSync(join(PG_BIN, 'pg_ctl'), ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

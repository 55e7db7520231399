// A first start that fails (the port is in use) creates no admin: the next start creates it and
// prints its password. And `duotrack reset-password` gives any user a new password, audited.
import { createServer, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countUsers } from '../src/auth/users.js';
import { verifyPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { serve } from '../src/serve.js';
import { run as runCli } from '../src/cli.js';
import { cliText } from '../src/cli-messages.js';

describe('the first start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dt-first-start-'));
  const url = `sqlite:${join(dataDir, 'duotrack.db')}`;
  const env = { DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: 'silent', ALERT_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0' };
  let busy: Server;
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('creates no admin when the port is in use; the next start creates it and prints its password', async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = String((busy.address() as { port: number }).port);
    const printed: string[] = [];
    await expect(serve(loadConfig({ ...env, PORT: port }), (line) => printed.push(line), cliText('en'))).rejects.toThrow(/EADDRINUSE/);
    expect(printed.join('\n')).not.toContain('password');
    const database = openDatabase(url);
    expect(await countUsers(database.db)).toBe(0);
    await database.close();

    const serving = serve(loadConfig({ ...env, PORT: '0' }), (line) => printed.push(line), cliText('en'));
    for (let i = 0; i < 200 && !printed.some((l) => l.includes('serving on')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(printed.join('\n')).toMatch(/password: \S+ {3}\(shown once/);
    process.emit('SIGTERM');
    await serving;
  }, 60_000);

  it('resets a password from the command line, printed once when generated, audited; an unknown e-mail exits 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { ...env, LANG: 'en_US.UTF-8' } };
    expect(await runCli(['reset-password', '--email', 'Admin@Duotrack.local'], io)).toBe(0);
    expect(out[0]).toBe('New password set for admin@duotrack.local; their sessions are ended.');
    const password = /Password \(shown once\): (\S+)/.exec(out.join('\n'))?.[1];
    expect(password).toBeTruthy();
    expect(await runCli(['reset-password', '--email', 'nobody@example.test'], io)).toBe(1);
    expect(err).toContain('No user with email "nobody@example.test".');
    expect(await runCli(['reset-password', '--email', 'admin@duotrack.local', '--password', 'short'], io)).toBe(1);
    expect(await runCli(['reset-password'], io)).toBe(2);

    const database = openDatabase(url);
    const user = await database.db.selectFrom('users').select(['id', 'password_hash']).executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, password!)).toBe(true);
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'action', 'target', 'after']).where('action', '=', 'user.password_reset').execute();
    await database.close();
    expect(audit).toEqual([{ actor: 'cli', action: 'user.password_reset', target: user.id, after: null }]);
  });
});

describe('the first start, in French', () => {
  it('says who the admin is and where it serves in the terminal’s language', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dt-first-start-fr-'));
    const printed: string[] = [];
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ALERT_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0', PORT: '0' });
    const serving = serve(config, (line) => printed.push(line), cliText('fr'));
    for (let i = 0; i < 200 && !printed.some((l) => l.includes('en service sur')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(printed[0]).toBe('Un administrateur maître a été créé pour cette base neuve :');
    expect(printed.join('\n')).toMatch(/mot de passe : \S+ {3}\(affiché une seule fois/);
    expect(printed.at(-1)).toMatch(/^Duotrack est en service sur http:\/\/\S+ — essayez http:\/\/\S+\/demo$/);
    process.emit('SIGTERM');
    await serving;
  }, 60_000);
});

// The duotrack command line, in process: exit codes, messages, and what it writes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { openDatabase } from '../src/db/database.js';
import { hashApiKey } from '../src/auth/api-keys.js';
import { verifyPassword } from '../src/auth/passwords.js';

function cli(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dt-cli-'));
  const fullEnv = { DATA_DIR: dataDir, ...env };
  return {
    dataDir,
    async run(...argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: fullEnv });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    open: () => openDatabase(`sqlite:${join(dataDir, 'duotrack.db')}`),
  };
}

describe('duotrack CLI', () => {
  it.each([
    { name: 'no command', argv: [], code: 2, err: 'Usage: duotrack' },
    { name: 'unknown command', argv: ['frobnicate'], code: 2, err: 'Unknown command "frobnicate"' },
    { name: 'unknown option', argv: ['migrate', '--force'], code: 2, err: "Unknown option '--force'" },
    { name: 'create-admin without email', argv: ['create-admin'], code: 2, err: 'create-admin needs --email' },
    { name: 'create-admin with a bad email', argv: ['create-admin', '--email', 'nope'], code: 1, err: '"nope" is not an email address' },
    { name: 'create-admin with a short password', argv: ['create-admin', '--email', 'a@b.co', '--password', 'short'], code: 1, err: 'at least 10 characters' },
    { name: 'create-api-key for an unknown client', argv: ['create-api-key', '--client', 'nope'], code: 1, err: 'No client with id "nope"' },
  ])('fails clearly: $name', async ({ argv, code, err }) => {
    const result = await cli().run(...argv);
    expect(result.code).toBe(code);
    expect(result.err).toContain(err);
  });

  it('rejects a bad configuration with a message', async () => {
    const result = await cli({ PORT: 'eighty' }).run('migrate');
    expect(result).toMatchObject({ code: 1, err: 'PORT must be a whole number from 0 to 65535, got "eighty"' });
  });

  it('prints help with exit 0', async () => {
    const result = await cli().run('help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('create-api-key');
  });

  it('migrates, then says the database is up to date', async () => {
    const c = cli();
    expect(await c.run('migrate')).toMatchObject({ code: 0, out: 'Applied: 0001_initial, 0002_engine2, 0003_audit, 0004_sessions, 0005_alerts' });
    expect(await c.run('migrate')).toMatchObject({ code: 0, out: 'Database is up to date.' });
  });

  it('seeds the demo once', async () => {
    const c = cli();
    expect(await c.run('seed-demo')).toMatchObject({ code: 0, out: 'Demo created: /demo' });
    expect(await c.run('seed-demo')).toMatchObject({ code: 0, out: 'Demo already present: /demo' });
  });

  it('creates a master admin with a generated password, stored hashed, and refuses a duplicate', async () => {
    const c = cli();
    const result = await c.run('create-admin', '--email', 'Boss@Label.test');
    expect(result.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(result.out)?.[1];
    expect(password).toBeTruthy();
    const database = c.open();
    const user = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    await database.close();
    expect(user).toMatchObject({ email: 'boss@label.test', role: 'master', client_id: null });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const auditDb = c.open();
    const audited = await auditDb.db.selectFrom('audit_log').selectAll().execute();
    await auditDb.close();
    expect(audited).toMatchObject([{ actor: 'cli', action: 'user.create', target: user.id }]);
    expect(JSON.stringify(audited)).not.toContain('argon2');
    expect(await verifyPassword(user.password_hash, password!)).toBe(true);
    expect(await c.run('create-admin', '--email', 'boss@label.test')).toMatchObject({ code: 1, err: 'a user with email boss@label.test already exists' });
  });

  it('creates master and client API keys, printed once and stored only as a hash', async () => {
    const c = cli();
    await c.run('seed-demo');
    const database = c.open();
    const client = await database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await database.close();

    const master = await c.run('create-api-key', '--name', 'ops');
    const forClient = await c.run('create-api-key', '--client', client.id, '--read-only');
    expect(master.code).toBe(0);
    expect(forClient.out).toContain(`Key for client ${client.id} (read-only), shown once:`);
    const masterKey = master.out.split('\n')[1]!;
    const clientKey = forClient.out.split('\n')[1]!;
    expect(masterKey).toMatch(/^dtk_[\w-]{43}$/);

    const check = c.open();
    const keys = await check.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
    await check.close();
    expect(keys.map((k) => [k.client_id, k.read_only, k.key_hash])).toEqual([
      [null, 0, hashApiKey(masterKey)],
      [client.id, 1, hashApiKey(clientKey)],
    ]);
    expect(JSON.stringify(keys)).not.toContain(masterKey);
  });
});

// The duotrack command line, in process: exit codes, messages, and what it writes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldRollups } from '../src/analytics/rollup-folder.js';
import { run } from '../src/cli.js';
import { openDatabase } from '../src/db/database.js';
import type { TrackedEvent } from '../src/tracking/event.js';
import { storeEvents } from '../src/events/append.js';
import { createTestDatabase, DIALECTS } from './support/databases.js';
import { syntheticEvents } from './support/synthetic-events.js';
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
    expect(result.out).toContain('purge [--dry-run]');
    expect(result.out).toContain('erase (--visitor ID | --session ID | --event ID) [--client ID]');
  });

  it.each(['--version', '-v'])('prints the version of package.json with %s, exit 0, and help mentions it', async (flag) => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cli().run(flag)).toMatchObject({ code: 0, out: `duotrack ${version}`, err: '' });
    expect((await cli().run('help')).out).toMatch(/^ {2}--version, -v +print the version/m);
  });

  it('migrates, then says the database is up to date', async () => {
    const c = cli();
    const first = await c.run('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Applied: 0001_initial, 0002_engine2, 0003_audit, 0004_sessions, 0005_alerts, 0006_analytics\b/);
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
    expect(user).toMatchObject({ email: 'boss@label.test', role: 'master' });
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

describe.each(DIALECTS)('duotrack purge on %s', (dialect) => {
  it('says what a dry run would delete and deletes nothing, then purges; exit 0', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const c = cli({ DATABASE_URL: database.url });
      expect(await c.run('seed-demo')).toMatchObject({ code: 0 });
      const now = Date.now();
      const db = openDatabase(database.url);
      const demo = await db.db.selectFrom('smartlinks').select(['id', 'client_id']).where('slug', '=', 'demo').executeTakeFirstOrThrow();
      const events = (from: number, views: number, seed: number): TrackedEvent[] =>
        [...syntheticEvents({ clientId: demo.client_id, smartlinkIds: [demo.id], from, to: from + 3_600_000, views, seed })]
          .filter((e) => e.type === 'view')
          .map((e, i) => ({ ...e, excluded_reason: null, excluded_detail: null, visitor_id: `fan-${seed}-${i}` })); // human, one first-view claim each
      const old = events(now - 400 * 86_400_000, 5, 1); // beyond the demo's 395 days
      const recent = events(now - 86_400_000, 4, 2);
      await storeEvents(db, [...old, ...recent]);
      await foldRollups(db);
      const oldRollups = await db.db.selectFrom('rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('bucket', '<', now - 396 * 86_400_000).executeTakeFirstOrThrow();
      const count = async () => Number((await db.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(Number(oldRollups.n)).toBeGreaterThan(0);

      const dry = await c.run('purge', '--dry-run');
      expect(dry).toMatchObject({ code: 0, err: '' });
      const [line, total] = dry.out.split('\n');
      expect(line).toMatch(new RegExp(`^Duotrack Demo Records \\(${demo.client_id}\\): keeps 395 days, events before \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: 5 events, ${oldRollups.n} rollup rows would be deleted$`));
      expect(total).toBe(`Total: 5 events, ${oldRollups.n} rollup rows, 5 first-view claims older than 48 h, 0 expired salts, 0 settled deliveries older than 7 days, 0 artworks no smartlink used for 24 h would be deleted (dry run: nothing was changed).`);
      expect(await count()).toBe(9);

      const real = await c.run('purge');
      expect(real).toMatchObject({ code: 0, err: '' });
      expect(real.out).toContain(`: 5 events, ${oldRollups.n} rollup rows deleted`);
      expect(real.out.split('\n').at(-1)).toMatch(/^Total: 5 events, .* deleted\.$/);
      expect(await count()).toBe(4);
      // in French, nothing left to delete: every noun in the singular for 0
      const french = await cli({ DATABASE_URL: database.url, LANG: 'fr_FR.UTF-8' }).run('purge', '--dry-run');
      expect(french.out.split('\n').at(-1)).toBe('Total : 0 événement, 0 ligne d’agrégat, 0 première vue de plus de 48 h, 0 sel expiré, 0 envoi terminé depuis plus de 7 jours, 0 pochette qu\'aucun smartlink n\'utilise depuis 24 h seraient supprimés (essai : rien n’a été modifié).');
      await db.close();

      expect(await c.run('purge', '--force')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--force'") });
    } finally {
      await database.cleanup();
    }
  });
});

describe.each(DIALECTS)('duotrack erase on %s', (dialect) => {
  it('erases a visitor’s records, audited; refuses an ambiguous or empty target and an unknown client', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const c = cli({ DATABASE_URL: database.url });
      expect(await c.run('seed-demo')).toMatchObject({ code: 0 });
      const db = openDatabase(database.url);
      const demo = await db.db.selectFrom('smartlinks').select(['id', 'client_id']).where('slug', '=', 'demo').executeTakeFirstOrThrow();
      const now = Date.now();
      const events = [...syntheticEvents({ clientId: demo.client_id, smartlinkIds: [demo.id], from: now - 3_600_000, to: now, views: 20, seed: 3, visitors: 4 })];
      await storeEvents(db, events);
      const visitor = events.find((e) => e.visitor_id !== null)!.visitor_id as string;
      const mine = events.filter((e) => e.visitor_id === visitor && e.type !== 'client').length;

      expect(await c.run('erase')).toMatchObject({ code: 2, err: expect.stringContaining('exactly one of --visitor, --session, --event') });
      expect(await c.run('erase', '--visitor', visitor, '--event', 'x')).toMatchObject({ code: 2 });
      expect(await c.run('erase', '--visitor', visitor, '--client', 'nope')).toMatchObject({ code: 1, err: 'No client with id "nope".' });
      const result = await c.run('erase', '--visitor', visitor, '--client', demo.client_id);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(new RegExp(`^Erased visitor:${visitor}: ${mine} events and \\d+ browser confirmations?\\.$`));
      expect(await db.db.selectFrom('events').select('event_id').where('visitor_id', '=', visitor).execute()).toEqual([]);
      const audit = await db.db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy.erase').execute();
      expect(audit).toEqual([expect.objectContaining({ actor: 'cli', client_id: demo.client_id, target: `visitor:${visitor}` })]);
      await db.close();
    } finally {
      await database.cleanup();
    }
  });
});

describe('duotrack CLI in the terminal’s language', () => {
  it.each([
    [{ LANG: 'fr_FR.UTF-8' }, 'Usage : duotrack <commande>'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'fr_CA.UTF-8' }, 'Usage : duotrack <commande>'],
    [{ LANG: 'fr_FR.UTF-8', LC_MESSAGES: 'C' }, 'Usage: duotrack <command>'],
    [{ LANG: 'de_DE.UTF-8' }, 'Usage: duotrack <command>'],
    [{}, 'Usage: duotrack <command>'],
  ])('%j → %s', async (env, usage) => {
    const { code, out } = await cli(env).run('help');
    expect(code).toBe(0);
    expect(out).toContain(usage);
  });

  it('says what went wrong in French, with the same exit codes', async () => {
    const french = cli({ LANG: 'fr_FR.UTF-8' });
    expect(await french.run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('Commande inconnue « frobnicate »') });
    expect(await french.run('create-admin')).toMatchObject({ code: 2, err: expect.stringContaining('create-admin demande --email') });
    expect(await french.run('create-api-key', '--client', 'nope')).toMatchObject({ code: 1, err: 'Aucun client d\'identifiant « nope ».' });
    expect(await french.run('reconcile', '--granularity', 'week')).toMatchObject({ code: 2, err: expect.stringContaining('--granularity : day ou hour') });
    expect(await french.run('reconcile')).toMatchObject({ code: 0, out: expect.stringContaining('Aucun client à rapprocher') });
    const created = await french.run('create-admin', '--email', 'fr@agency.test');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Utilisateur maître créé : fr@agency.test');
    expect(created.out).toMatch(/Mot de passe \(affiché une seule fois\) : \S{16}/);
  });
});

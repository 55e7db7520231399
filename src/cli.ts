// The `duotrack` command line. Each command returns an exit code; usage errors exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { recordAudit } from './audit/audit-log.js';
import { createApiKey } from './auth/api-keys.js';
import { InvalidUser, createUser } from './auth/users.js';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { describeErasure, describeTarget, erase, type ErasureTarget } from './privacy/erasure.js';
import { InvalidErasureTarget, parseErasureTarget } from './privacy/erasure-target.js';
import { describePurge, purgeExpired } from './privacy/retention.js';
import { serve } from './serve.js';
import { getClient } from './tenants/client.js';
import { createReadStream } from 'node:fs';
import { foldRollups } from './analytics/rollup-folder.js';
import { InvalidReport } from './analytics/report.js';
import { importLegacyCounts, InvalidImport } from './migration/legacy-import.js';
import { legacyRows } from './migration/legacy-rows.js';
import { reconcile, type Granularity } from './migration/reconcile.js';
import { reconciliationLines } from './migration/reconcile-text.js';
import { seedDemo } from './tenants/demo.js';
import { packageVersion } from './version.js';
import type { Kysely } from 'kysely';
import type { Schema } from './db/schema.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const USAGE = `Usage: duotrack <command> [options]

Commands:
  serve                          migrate, seed a fresh database, and serve HTTP (PORT, HOST)
  migrate                        apply database migrations and exit
  seed-demo                      create the demo client and the /demo smartlink (if missing)
  create-admin --email E [--password P]
                                 create a master user (a password is generated and printed if not given)
  create-api-key [--client ID] [--name N] [--read-only]
                                 create a master key, or a key for one client; the key is printed once
  purge [--dry-run]              delete the events and rollups beyond each client's retention, and
                                 first-view claims older than 48 h; --dry-run only counts them
  erase (--visitor ID | --session ID | --event ID) [--client ID]
                                 erase a fan's records (the privacy page's reference is a visitor id); audited
  import-legacy FILE [--client ID]
                                 import a legacy system's counts (CSV or JSON: client, smartlink, day or hour,
                                 views, clicks, uniques); all or nothing, a re-imported period is replaced
  reconcile [--client ID] [--from DAY --to DAY | --hours 48] [--granularity day|hour] [--tolerance 2] [--json]
                                 Duotrack versus the legacy counts, per client and day (or hour), with verdicts
  help                           show this text
  --version, -v                  print the version of duotrack

Configuration comes from the environment (DATABASE_URL, DATA_DIR, …): see README.md and .env.example.`;

class UsageError extends Error {}

type Command = (args: string[], config: Config, io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: async (args, config, io) => {
    parse(args, {});
    await serve(config, io.out);
    return 0;
  },
  migrate: (args, config, io) =>
    withDatabase(config, async () => {
      parse(args, {});
      return 0;
    }, (applied) => io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.')),
  'seed-demo': (args, config, io) =>
    withDatabase(config, async (db) => {
      parse(args, {});
      const { smartlink, created } = await seedDemo(db);
      io.out(created ? `Demo created: /${smartlink.slug}` : `Demo already present: /${smartlink.slug}`);
      return 0;
    }),
  'create-admin': (args, config, io) =>
    withDatabase(config, async (db) => {
      const { values } = parse(args, { email: { type: 'string' }, password: { type: 'string' } });
      if (!values.email) throw new UsageError('create-admin needs --email');
      const password = values.password ?? randomBytes(12).toString('base64url');
      const user = await db.transaction().execute(async (trx) => {
        const created = await createUser(trx, { email: values.email as string, password, role: 'master' });
        await recordAudit(trx, { actor: 'cli', clientId: null, action: 'user.create', target: created.id, after: created });
        return created;
      });
      io.out(`Master user created: ${user.email}`);
      if (!values.password) io.out(`Password (shown once): ${password}`);
      return 0;
    }),
  'create-api-key': (args, config, io) =>
    withDatabase(config, async (db) => {
      const { values } = parse(args, { client: { type: 'string' }, name: { type: 'string' }, 'read-only': { type: 'boolean' } });
      const clientId = values.client ?? null;
      if (clientId !== null && !(await getClient(db, clientId))) {
        io.err(`No client with id "${clientId}".`);
        return 1;
      }
      const name = values.name ?? 'cli';
      const readOnly = values['read-only'] ?? false;
      const created = await db.transaction().execute(async (trx) => {
        const key = await createApiKey(trx, { clientId, name, readOnly });
        await recordAudit(trx, { actor: 'cli', clientId, action: 'key.create', target: key.id, after: { name, clientId, readOnly, prefix: key.prefix } });
        return key;
      });
      io.out(`${clientId ? `Key for client ${clientId}` : 'Master key'}${values['read-only'] ? ' (read-only)' : ''}, shown once:`);
      io.out(created.key);
      return 0;
    }),
  purge: (args, config, io) =>
    withDatabase(config, async (_db, database) => {
      const { values } = parse(args, { 'dry-run': { type: 'boolean' } });
      const result = await purgeExpired(database, { dryRun: values['dry-run'] ?? false });
      for (const line of describePurge(result)) io.out(line);
      return 0;
    }),
  erase: (args, config, io) =>
    withDatabase(config, async (db, database) => {
      const { values } = parse(args, { visitor: { type: 'string' }, session: { type: 'string' }, event: { type: 'string' }, client: { type: 'string' } });
      const target = erasureTarget(values);
      const clientId = values.client ?? null;
      if (clientId !== null && !(await getClient(db, clientId))) {
        io.err(`No client with id "${clientId}".`);
        return 1;
      }
      const result = await db.transaction().execute(async (trx) => {
        const erased = await erase(database, clientId, target, trx);
        await recordAudit(trx, { actor: 'cli', clientId, action: 'privacy.erase', target: describeTarget(target), after: erased });
        return erased;
      });
      io.out(describeErasure(target, result));
      return 0;
    }),
  'import-legacy': (args, config, io) =>
    withDatabase(config, async (db, database) => {
      const { values, positionals } = parse(args, { client: { type: 'string' } }, true);
      if (positionals.length !== 1) throw new UsageError('import-legacy needs exactly one FILE');
      try {
        const summary = await importLegacyCounts(database, legacyRows(createReadStream(positionals[0] as string)), {
          clientId: values.client ?? null,
          onImported: (trx, s) => recordAudit(trx, { actor: 'cli', clientId: s.clients.length === 1 ? (s.clients[0] as string) : null, action: 'migration.import', target: positionals[0] as string, after: s }),
        });
        io.out(`Imported ${summary.rows} row(s) for ${summary.clients.length} client(s)${summary.replaced ? `, replacing ${summary.replaced} imported before` : ''}.`);
        return 0;
      } catch (err) {
        if (!(err instanceof InvalidImport)) throw err;
        io.err(`Nothing imported: ${err.count} bad row(s).`);
        for (const p of err.problems) io.err(`  line ${p.line}: ${p.reason}`);
        if (err.count > err.problems.length) io.err(`  and ${err.count - err.problems.length} more.`);
        return 1;
      }
    }),
  reconcile: (args, config, io) =>
    withDatabase(config, async (db, database) => {
      const { values } = parse(args, {
        client: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, hours: { type: 'string' },
        granularity: { type: 'string' }, tolerance: { type: 'string' }, json: { type: 'boolean' },
      });
      const number = (name: 'hours' | 'tolerance') => {
        const n = values[name] === undefined ? undefined : Number(values[name]);
        if (n !== undefined && !Number.isFinite(n)) throw new UsageError(`--${name}: a number`);
        return n;
      };
      if (values.granularity !== undefined && values.granularity !== 'day' && values.granularity !== 'hour') throw new UsageError('--granularity: day or hour');
      if (values.client !== undefined && !(await getClient(db, values.client))) {
        io.err(`No client with id "${values.client}".`);
        return 1;
      }
      await foldRollups(database);
      try {
        const result = await reconcile(db, { clientId: values.client ?? null, from: values.from, to: values.to, hours: number('hours'), granularity: values.granularity as Granularity | undefined, tolerance: number('tolerance') });
        for (const line of values.json ? [JSON.stringify(result, null, 2)] : reconciliationLines(result)) io.out(line);
        return 0;
      } catch (err) {
        if (err instanceof InvalidReport) throw new UsageError(err.message);
        throw err;
      }
    }),
};

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`duotrack ${packageVersion()}`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, loadConfig(io.env), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof InvalidUser) {
      io.err(err.message);
      return 1;
    }
    io.err(`duotrack ${name} failed: ${(err as Error).message}`);
    return 1;
  }
}

/** The one target of `erase`, its id checked (a malformed id is a usage error). */
function erasureTarget(values: { visitor?: string; session?: string; event?: string }): ErasureTarget {
  try {
    return parseErasureTarget({ visitorId: values.visitor, sessionId: values.session, eventId: values.event });
  } catch (err) {
    if (!(err instanceof InvalidErasureTarget)) throw err;
    throw new UsageError(err.field === null ? 'erase needs exactly one of --visitor, --session, --event' : `erase: ${err.message}`);
  }
}

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Opens and migrates the database around a command. */
async function withDatabase(
  config: Config,
  body: (db: Kysely<Schema>, database: Database) => Promise<number>,
  afterMigrate?: (applied: string[]) => void,
): Promise<number> {
  const database = openDatabase(config.databaseUrl);
  try {
    const applied = await migrateToLatest(database);
    afterMigrate?.(applied);
    return await body(database.db, database);
  } finally {
    await database.close();
  }
}

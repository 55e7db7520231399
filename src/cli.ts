// The `duotrack` command line. Each command returns an exit code; usage errors exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { recordAudit } from './audit/audit-log.js';
import { createApiKey } from './auth/api-keys.js';
import { InvalidUser, createUser } from './auth/users.js';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { serve } from './serve.js';
import { getClient } from './tenants/client.js';
import { seedDemo } from './tenants/demo.js';
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
  help                           show this text

Configuration comes from the environment (DATABASE_URL, DATA_DIR, …): see README.md.`;

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
};

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
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

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Opens and migrates the database around a command. */
async function withDatabase(
  config: Config,
  body: (db: Kysely<Schema>) => Promise<number>,
  afterMigrate?: (applied: string[]) => void,
): Promise<number> {
  const database = openDatabase(config.databaseUrl);
  try {
    const applied = await migrateToLatest(database);
    afterMigrate?.(applied);
    return await body(database.db);
  } finally {
    await database.close();
  }
}

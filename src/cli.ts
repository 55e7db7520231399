// The `duotrack` command line. Each command returns an exit code; usage errors exit 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { recordAudit } from './audit/audit-log.js';
import { createApiKey } from './auth/api-keys.js';
import { replacePassword } from './auth/password-resets.js';
import { InvalidUser, createUser, userIdByEmail } from './auth/users.js';
import { randomBytes } from 'node:crypto';
import { cliText, type CliText } from './cli-messages.js';
import { ConfigError, loadConfig, terminalLanguage, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { describeTarget, erase, type ErasureTarget } from './privacy/erasure.js';
import { InvalidErasureTarget, parseErasureTarget } from './privacy/erasure-target.js';
import { purgeExpired, purgeTotals } from './privacy/retention.js';
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



class UsageError extends Error {}

/** `text`: the command line's words, in the terminal's language. */
type Command = (args: string[], config: Config, io: Io, text: CliText) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: async (args, config, io, text) => {
    parse(args, {});
    await serve(config, io.out, text);
    return 0;
  },
  migrate: (args, config, io, text) =>
    withDatabase(config, async () => {
      parse(args, {});
      return 0;
    }, (applied) => io.out(applied.length ? text.applied(applied.join(', ')) : text.upToDate)),
  'seed-demo': (args, config, io, text) =>
    withDatabase(config, async (db) => {
      parse(args, {});
      const { smartlink, created } = await seedDemo(db);
      io.out(created ? text.demoCreated(smartlink.slug) : text.demoPresent(smartlink.slug));
      return 0;
    }),
  'create-admin': (args, config, io, text) =>
    withDatabase(config, async (db) => {
      const { values } = parse(args, { email: { type: 'string' }, password: { type: 'string' } });
      if (!values.email) throw new UsageError(text.needs('create-admin', '--email'));
      const password = values.password ?? randomBytes(12).toString('base64url');
      const user = await db.transaction().execute(async (trx) => {
        const created = await createUser(trx, { email: values.email as string, password, role: 'master' });
        await recordAudit(trx, { actor: 'cli', clientId: null, action: 'user.create', target: created.id, after: created });
        return created;
      });
      io.out(text.masterCreated(user.email));
      if (!values.password) io.out(text.passwordOnce(password));
      return 0;
    }),
  'reset-password': (args, config, io, text) =>
    withDatabase(config, async (db) => {
      const { values } = parse(args, { email: { type: 'string' }, password: { type: 'string' } });
      if (!values.email) throw new UsageError(text.needs('reset-password', '--email'));
      const userId = await userIdByEmail(db, values.email);
      if (userId === undefined) {
        io.err(text.noUser(values.email));
        return 1;
      }
      const password = values.password ?? randomBytes(12).toString('base64url');
      await db.transaction().execute(async (trx) => {
        await replacePassword(trx, userId, password);
        await recordAudit(trx, { actor: 'cli', clientId: null, action: 'user.password_reset', target: userId });
      });
      io.out(text.passwordSet(values.email.trim().toLowerCase()));
      if (!values.password) io.out(text.passwordOnce(password));
      return 0;
    }),
  'create-api-key': (args, config, io, text) =>
    withDatabase(config, async (db) => {
      const { values } = parse(args, { client: { type: 'string' }, name: { type: 'string' }, 'read-only': { type: 'boolean' } });
      const clientId = values.client ?? null;
      if (clientId !== null && !(await getClient(db, clientId))) {
        io.err(text.noClient(clientId));
        return 1;
      }
      const name = values.name ?? 'cli';
      const readOnly = values['read-only'] ?? false;
      const created = await db.transaction().execute(async (trx) => {
        const key = await createApiKey(trx, { clientId, name, readOnly });
        await recordAudit(trx, { actor: 'cli', clientId, action: 'key.create', target: key.id, after: { name, clientId, readOnly, prefix: key.prefix } });
        return key;
      });
      io.out(text.keyOnce(clientId, readOnly));
      io.out(created.key);
      return 0;
    }),
  purge: (args, config, io, text) =>
    withDatabase(config, async (_db, database) => {
      const { values } = parse(args, { 'dry-run': { type: 'boolean' } });
      const result = await purgeExpired(database, { dryRun: values['dry-run'] ?? false });
      for (const c of result.clients) io.out(text.purgeClient(c, result.dryRun));
      io.out(text.purgeTotal(purgeTotals(result), result.dryRun));
      return 0;
    }),
  erase: (args, config, io, text) =>
    withDatabase(config, async (db, database) => {
      const { values } = parse(args, { visitor: { type: 'string' }, session: { type: 'string' }, event: { type: 'string' }, client: { type: 'string' } });
      const target = erasureTarget(values, text);
      const clientId = values.client ?? null;
      if (clientId !== null && !(await getClient(db, clientId))) {
        io.err(text.noClient(clientId));
        return 1;
      }
      const result = await db.transaction().execute(async (trx) => {
        const erased = await erase(database, clientId, target, trx);
        await recordAudit(trx, { actor: 'cli', clientId, action: 'privacy.erase', target: describeTarget(target), after: erased });
        return erased;
      });
      io.out(text.erased(describeTarget(target), result.events, result.confirmations));
      return 0;
    }),
  'import-legacy': (args, config, io, text) =>
    withDatabase(config, async (db, database) => {
      const { values, positionals } = parse(args, { client: { type: 'string' } }, true);
      if (positionals.length !== 1) throw new UsageError(text.needs('import-legacy', text.exactlyOneFile));
      try {
        const summary = await importLegacyCounts(database, legacyRows(createReadStream(positionals[0] as string)), {
          clientId: values.client ?? null,
          onImported: (trx, s) => recordAudit(trx, { actor: 'cli', clientId: s.clients.length === 1 ? (s.clients[0] as string) : null, action: 'migration.import', target: positionals[0] as string, after: s }),
        });
        io.out(text.imported(summary.rows, summary.clients.length, summary.replaced));
        return 0;
      } catch (err) {
        if (!(err instanceof InvalidImport)) throw err;
        io.err(text.nothingImported(err.count));
        for (const p of err.problems) io.err(text.badRow(p.line, p.reason));
        if (err.count > err.problems.length) io.err(text.andMore(err.count - err.problems.length));
        return 1;
      }
    }),
  reconcile: (args, config, io, text) =>
    withDatabase(config, async (db, database) => {
      const { values } = parse(args, {
        client: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, hours: { type: 'string' },
        granularity: { type: 'string' }, tolerance: { type: 'string' }, json: { type: 'boolean' },
      });
      const number = (name: 'hours' | 'tolerance') => {
        const n = values[name] === undefined ? undefined : Number(values[name]);
        if (n !== undefined && !Number.isFinite(n)) throw new UsageError(text.aNumber(`--${name}`));
        return n;
      };
      if (values.granularity !== undefined && values.granularity !== 'day' && values.granularity !== 'hour') throw new UsageError(text.either('--granularity', 'day', 'hour'));
      if (values.client !== undefined && !(await getClient(db, values.client))) {
        io.err(text.noClient(values.client));
        return 1;
      }
      await foldRollups(database);
      try {
        const result = await reconcile(db, { clientId: values.client ?? null, from: values.from, to: values.to, hours: number('hours'), granularity: values.granularity as Granularity | undefined, tolerance: number('tolerance') });
        for (const line of values.json ? [JSON.stringify(result, null, 2)] : reconciliationLines(result, text.reconcile)) io.out(line);
        return 0;
      } catch (err) {
        if (err instanceof InvalidReport) throw new UsageError(err.message);
        throw err;
      }
    }),
};

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  const text = cliText(terminalLanguage(io.env));
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(text.usage);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`duotrack ${packageVersion()}`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`${text.unknownCommand(name)}\n\n${text.usage}`);
    return 2;
  }
  try {
    return await command(args, loadConfig(io.env), io, text);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${text.usage}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof InvalidUser) {
      io.err(err.message);
      return 1;
    }
    io.err(text.failed(name, (err as Error).message));
    return 1;
  }
}

/** The one target of `erase`, its id checked (a malformed id is a usage error). */
function erasureTarget(values: { visitor?: string; session?: string; event?: string }, text: CliText): ErasureTarget {
  try {
    return parseErasureTarget({ visitorId: values.visitor, sessionId: values.session, eventId: values.event });
  } catch (err) {
    if (!(err instanceof InvalidErasureTarget)) throw err;
    throw new UsageError(err.field === null ? text.needs('erase', text.oneOf('--visitor, --session, --event')) : `erase: ${err.message}`);
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

// @ts-check
// The worker thread that owns the SQLite connection (started by sqlite-worker-client.ts).
// better-sqlite3 is synchronous: here a statement, however long, runs beside the event loop that
// serves pages instead of on it. Requests are answered one at a time, in the order they came: a
// procedure (sqlite-procedures.ts, loaded at its first call) is awaited before the next request.
//
// JavaScript (type-checked through JSDoc) rather than TypeScript: Node 20 cannot start a worker
// from a .ts file, so this one file runs as it is under Vitest and tsx, and tsc copies it to dist/.
/** @import { ReplyValue, Request, WireError } from './sqlite-worker-protocol.js' */
/** @import { Connection } from './database.js' */
/** @import { Procedures } from './sqlite-procedures.js' */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { LRUCache } from 'lru-cache';

if (!parentPort) throw new Error('sqlite-worker.js runs as a worker thread (see sqlite-worker-client.ts)');
const port = parentPort;

/** @type {SQLite.Database | null} */
let sqlite = null;
// Kysely's SQLite driver prepares every query anew; parsing the SQL then costs more than running
// it. A statement is reusable once its run is over, so keep them by SQL text. A statement that
// returns rows reads them as arrays, made into objects by a function written for its columns:
// three times faster than better-sqlite3's own objects, built a property at a time in C++.
/** @typedef {{ statement: SQLite.Statement; row: ((values: unknown[]) => Record<string, unknown>) | null }} Prepared */
/** @type {LRUCache<string, Prepared>} */
const statements = new LRUCache({ max: 1000 });

let turn = Promise.resolve();
port.on('message', (/** @type {Request} */ request) => {
  turn = turn.then(() => answer(request));
});

async function answer(/** @type {Request} */ request) {
  try {
    port.postMessage({ id: request.id, value: await handle(request) });
  } catch (err) {
    port.postMessage({ id: request.id, error: wireError(err) });
  }
  // Closed: nothing is left to do, the thread ends on its own (and, under --cpu-prof, writes its profile).
  if (request.kind === 'close') port.close();
}

/** @returns {ReplyValue | Promise<ReplyValue>} */
function handle(/** @type {Request} */ request) {
  switch (request.kind) {
    case 'open':
      sqlite = open(request.path);
      return null;
    case 'query':
      return execute(connection(), request.sql, request.parameters);
    case 'call':
      return call(request.procedure, request.args);
    case 'close':
      // The last connection to close checkpoints the WAL into the database file.
      connection().close();
      statements.clear();
      sqlite = null;
      local = null;
      return null;
  }
}

/** @returns {SQLite.Database} */
function open(/** @type {string} */ path) {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // WAL + NORMAL: a committed transaction survives a process crash
  db.pragma('foreign_keys = ON');
  // Random-key inserts (visitor ids) touch pages all over their B-tree: keep the hot part of the
  // database in memory (64 MB page cache, reads through mmap) rather than the 2 MB default.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  // Another connection writing (a `duotrack purge` beside the server, a second app in a test
  // process): wait for it up to a second. Here the wait no longer freezes the event loop, only
  // this connection's other queries; it stays under the writer's commit timeout (1.5 s), past
  // which a page's event goes to the spool anyway. (On the event loop it was 100 ms.)
  db.pragma('busy_timeout = 1000');
  return db;
}

/** @type {Promise<{ procedures: Procedures; connection: Connection }> | null} */
let local = null;

/** Runs a procedure over this thread's connection, through Kysely as the main thread would. */
async function call(/** @type {string} */ procedure, /** @type {readonly unknown[]} */ args) {
  local ??= loadProcedures().catch((err) => {
    local = null; // tried again at the next call
    throw err;
  });
  const { procedures, connection } = await local;
  if (!Object.hasOwn(procedures, procedure)) throw new Error(`no SQLite procedure named ${procedure}`);
  const run = /** @type {Record<string, (c: Connection, ...a: unknown[]) => Promise<unknown>>} */ (procedures)[procedure];
  return /** @type {NonNullable<typeof run>} */ (run)(connection, ...args);
}

async function loadProcedures() {
  // From src/ (Vitest, tsx), the procedures are TypeScript: tsx compiles them here as it does for
  // the main thread. From dist/, they are JavaScript and tsx is not needed (nor installed).
  if (existsSync(fileURLToPath(new URL('./sqlite-procedures.ts', import.meta.url)))) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  const [{ PROCEDURES }, { SqliteWorkerDialect }, { Kysely }] = await Promise.all([import('./sqlite-procedures.js'), import('./sqlite-worker-dialect.js'), import('kysely')]);
  const here = { query: async (/** @type {string} */ sql, /** @type {readonly unknown[]} */ parameters) => /** @type {import('kysely').QueryResult<unknown>} */ (execute(connection(), sql, parameters)), close: async () => {} };
  /** @type {Connection} */
  const threadConnection = { db: new Kysely({ dialect: new SqliteWorkerDialect(async () => here) }), dialect: 'sqlite' };
  return { procedures: PROCEDURES, connection: threadConnection };
}

/** @returns {SQLite.Database} */
function connection() {
  if (!sqlite) throw new Error('the SQLite database is not open');
  return sqlite;
}

/**
 * As Kysely's SqliteDriver: a statement returning rows gives them; any other gives its changes and last rowid.
 * @param {SQLite.Database} db
 * @param {string} sql
 * @param {readonly unknown[]} parameters
 * @returns {ReplyValue}
 */
function execute(db, sql, parameters) {
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = prepare(db, sql)));
  const { statement, row } = prepared;
  if (row) return { rows: /** @type {unknown[][]} */ (statement.all(parameters)).map(row) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** @returns {Prepared} */
function prepare(/** @type {SQLite.Database} */ db, /** @type {string} */ sql) {
  const statement = db.prepare(sql);
  if (!statement.reader) return { statement, row: null };
  statement.raw(true);
  // As better-sqlite3's objects: a column name given twice keeps the last value.
  const fields = statement.columns().map((c, i) => `${JSON.stringify(c.name)}: values[${i}]`);
  return { statement, row: /** @type {Prepared['row']} */ (new Function('values', `return { ${fields.join(', ')} };`)) };
}

/** @returns {WireError} */
function wireError(/** @type {unknown} */ err) {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = /** @type {{ code?: unknown }} */ (err).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' && { code }) };
}

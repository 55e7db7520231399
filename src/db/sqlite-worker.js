// @ts-check
// The worker thread that owns the SQLite connection (started by sqlite-worker-client.ts).
// better-sqlite3 is synchronous: here a statement, however long, runs beside the event loop that
// serves pages instead of on it. Requests are answered one at a time, in the order they came.
//
// JavaScript (type-checked through JSDoc) rather than TypeScript: Node 20 cannot start a worker
// from a .ts file, so this one file runs as it is under Vitest and tsx, and tsc copies it to dist/.
/** @import { ReplyValue, Request, WireError } from './sqlite-worker-protocol.js' */
import { parentPort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { LRUCache } from 'lru-cache';

if (!parentPort) throw new Error('sqlite-worker.js runs as a worker thread (see sqlite-worker-client.ts)');
const port = parentPort;

/** @type {SQLite.Database | null} */
let sqlite = null;
// Kysely's SQLite driver prepares every query anew; parsing the SQL then costs more than running
// it. A statement is reusable once its run is over, so keep them by SQL text.
/** @type {LRUCache<string, SQLite.Statement>} */
const statements = new LRUCache({ max: 1000 });

port.on('message', (/** @type {Request} */ request) => {
  try {
    port.postMessage({ id: request.id, value: handle(request) });
  } catch (err) {
    port.postMessage({ id: request.id, error: wireError(err) });
  }
  // Closed: nothing is left to do, the thread ends on its own (and, under --cpu-prof, writes its profile).
  if (request.kind === 'close') port.close();
});

/** @returns {ReplyValue} */
function handle(/** @type {Request} */ request) {
  switch (request.kind) {
    case 'open':
      sqlite = open(request.path);
      return null;
    case 'query':
      return execute(connection(), request.sql, request.parameters);
    case 'close':
      // The last connection to close checkpoints the WAL into the database file.
      connection().close();
      statements.clear();
      sqlite = null;
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
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  if (statement.reader) return { rows: statement.all(parameters) };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** @returns {WireError} */
function wireError(/** @type {unknown} */ err) {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = /** @type {{ code?: unknown }} */ (err).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' && { code }) };
}

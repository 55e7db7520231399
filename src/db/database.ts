// Opens the database named by DATABASE_URL: embedded SQLite (better-sqlite3) or PostgreSQL (pg).
import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pgListener } from './pg-listener.js';
import type { Schema } from './schema.js';
import { startSqliteWorker, type SqliteWorker } from './sqlite-worker-client.js';
import { SqliteWorkerDialect } from './sqlite-worker-dialect.js';
import type { Procedure, ProcedureArgs, ProcedureResult } from './sqlite-procedures.js';

export type Dialect = 'sqlite' | 'postgres';

/** What a query needs: the database and its dialect (also the SQLite thread's own connection, sqlite-procedures.ts). */
export interface Connection {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
}

export interface Database extends Connection {
  /** PostgreSQL: the schema everything lives in (the URL's ?schema=, else public). */
  readonly schema: string | null;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Tells every process on this database (this one too) that `channel` changed: NOTIFY on PostgreSQL, in-process on SQLite. */
  notify(channel: string): Promise<void>;
  /** Calls `onMessage` at each notify of `channel` (and, on PostgreSQL, after its connection came back). Returns stop. */
  listen(channel: string, onMessage: () => void): () => Promise<void>;
  close(): Promise<void>;
  /**
   * SQLite: runs a procedure of sqlite-procedures.ts in the thread that owns the connection, once
   * no transaction holds it: its statements and rows cross no thread. Unset on PostgreSQL, whose
   * work is in PostgreSQL already.
   */
  readonly inDatabaseThread?: <P extends Procedure>(procedure: P, ...args: ProcedureArgs<P>) => Promise<ProcedureResult<P>>;
}

export interface OpenOptions {
  /** Called for errors of idle connections (PostgreSQL restarts, network cuts), which must not crash the process. */
  readonly onConnectionError?: (err: Error) => void;
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  return url.startsWith('sqlite:') ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url, options);
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') {
    // Created for the owner only; SQLite gives its -wal and -shm files the database file's mode.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  // better-sqlite3 is synchronous: its connection lives in a worker thread (sqlite-worker.js has
  // the pragmas), so a long statement does not hold up the pages served meanwhile.
  let worker: Promise<SqliteWorker> | null = null;
  const db = new Kysely<Schema>({ dialect: new SqliteWorkerDialect(() => (worker ??= startSqliteWorker(path))) });
  // An SQLite file is served by one process: notifications stay in it.
  const channels = new EventEmitter();
  return {
    db,
    dialect: 'sqlite',
    schema: null,
    ping: () => selectOne(db),
    notify: async (channel) => void channels.emit(channel),
    listen(channel, onMessage) {
      channels.on(channel, onMessage);
      return async () => void channels.off(channel, onMessage);
    },
    close: () => db.destroy(),
    // The connection is held (Kysely starts the thread first, if need be) while the thread runs it.
    inDatabaseThread: (procedure, ...args) =>
      db.connection().execute(async () => (await (worker as Promise<SqliteWorker>)).call(procedure, args) as Promise<ProcedureResult<typeof procedure>>),
  };
}

function openPostgres(url: string, options: OpenOptions): Database {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema'); // isolates test runs; unset in production
  parsed.searchParams.delete('schema');
  const connection = { connectionString: parsed.toString(), connectionTimeoutMillis: 3000, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool({ ...connection, max: 10, query_timeout: 10_000, types: { getTypeParser: bigintAsNumber } });
  // A connection can die idle in the pool or checked out between queries: neither may crash the process.
  pool.on('error', (err) => options.onConnectionError?.(err));
  pool.on('connect', (client) => client.on('error', (err) => options.onConnectionError?.(err)));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    schema: schema ?? 'public',
    ping: () => selectOne(db),
    notify: async (channel) => void (await sql`select pg_notify(${channelName(channel)}, '')`.execute(db)),
    listen: (channel, onMessage) => pgListener(connection, channelName(channel), onMessage, (err) => options.onConnectionError?.(err)),
    close: () => db.destroy(),
  };

  /** Channels are per database: the schema's name keeps schemas (test runs) apart. */
  function channelName(channel: string): string {
    return `duotrack.${schema ?? 'public'}.${channel}`;
  }
}

async function selectOne(db: Kysely<Schema>): Promise<void> {
  await sql`select 1`.execute(db);
}

const INT8_OID = 20;
// Epoch milliseconds and counts fit in a double; read int8 as a number rather than a string.
const bigintAsNumber = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;

// Opens the database named by DATABASE_URL: embedded SQLite (better-sqlite3) or PostgreSQL (pg).
import { EventEmitter } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { pgListener } from './pg-listener.js';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /** PostgreSQL: the schema everything lives in (the URL's ?schema=, else public). */
  readonly schema: string | null;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Tells every process on this database (this one too) that `channel` changed: NOTIFY on PostgreSQL, in-process on SQLite. */
  notify(channel: string): Promise<void>;
  /** Calls `onMessage` at each notify of `channel` (and, on PostgreSQL, after its connection came back). Returns stop. */
  listen(channel: string, onMessage: () => void): () => Promise<void>;
  close(): Promise<void>;
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
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // WAL + NORMAL: a committed transaction survives a process crash
  sqlite.pragma('foreign_keys = ON');
  // Random-key inserts (visitor ids) touch pages all over their B-tree: keep the hot part of the
  // database in memory (64 MB page cache, reads through mmap) rather than the 2 MB default.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  // better-sqlite3 is synchronous: a long busy wait would freeze the server. Fail fast instead;
  // the event writer spools what it cannot commit and replays it later.
  sqlite.pragma('busy_timeout = 100');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // An SQLite file is served by one process: notifications stay in it.
  const channels = new EventEmitter();
  return {
    db,
    dialect: 'sqlite',
    schema: null,
    ping: async () => void sqlite.prepare('select 1').get(),
    notify: async (channel) => void channels.emit(channel),
    listen(channel, onMessage) {
      channels.on(channel, onMessage);
      return async () => void channels.off(channel, onMessage);
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; parsing the SQL then costs more than running
 * it. Statements are reusable in better-sqlite3 (it is synchronous), so keep them by SQL text.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({ max: 1000 });
  return {
    close: () => sqlite.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
      return statement;
    },
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
    ping: async () => void (await sql`select 1`.execute(db)),
    notify: async (channel) => void (await sql`select pg_notify(${channelName(channel)}, '')`.execute(db)),
    listen: (channel, onMessage) => pgListener(connection, channelName(channel), onMessage, (err) => options.onConnectionError?.(err)),
    close: () => db.destroy(),
  };

  /** Channels are per database: the schema's name keeps schemas (test runs) apart. */
  function channelName(channel: string): string {
    return `duotrack.${schema ?? 'public'}.${channel}`;
  }
}

const INT8_OID = 20;
// Epoch milliseconds and counts fit in a double; read int8 as a number rather than a string.
const bigintAsNumber = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;

// Kysely over SQLite whose connection lives in a worker thread (sqlite-worker.js), so that no
// statement runs on the event loop. Kysely's own SqliteDialect with the worker in place of
// better-sqlite3: the same adapter, compiler and introspector, the same results, and the one
// connection handed to one caller at a time (a transaction keeps it across its queries). In the
// thread itself, the same dialect runs procedures (sqlite-procedures.ts) over the connection there.
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { SqliteWorker } from './sqlite-worker-client.js';

/** What the dialect runs statements on: the worker thread, or (in it) the connection itself. */
export type SqliteConnection = Pick<SqliteWorker, 'query' | 'close'>;

export class SqliteWorkerDialect implements Dialect {
  /** `open`: called at the first query (it starts the thread). */
  constructor(private readonly open: () => Promise<SqliteConnection>) {}

  createDriver(): Driver {
    return new SqliteWorkerDriver(this.open);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class SqliteWorkerDriver implements Driver {
  readonly #lock = new ConnectionLock();
  #connection: SqliteWorkerConnection | null = null;

  constructor(private readonly open: () => Promise<SqliteConnection>) {}

  async init(): Promise<void> {
    this.#connection = new SqliteWorkerConnection(await this.open());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#connection) throw new Error('the SQLite worker driver is not initialised');
    await this.#lock.acquire();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#lock.release();
  }

  /** Waits for the transaction in progress, if any (a commit in flight at shutdown completes), then closes. */
  async destroy(): Promise<void> {
    await this.#lock.acquire();
    try {
      await this.#connection?.sqlite.close();
    } finally {
      this.#lock.release();
    }
  }
}

class SqliteWorkerConnection implements DatabaseConnection {
  constructor(readonly sqlite: SqliteConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.sqlite.query(query.sql, query.parameters)) as QueryResult<R>;
  }

  // Nothing in Duotrack streams (its PostgreSQL dialect has no cursor either); a stream would need
  // messages of its own to keep a statement open in the worker.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite worker dialect does not stream: use execute()');
  }
}

/** The one connection's turn: acquire() resolves when every earlier caller has released it, in order. */
class ConnectionLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the connection to the next caller in line, if any (it stays held). */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

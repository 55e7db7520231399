// A database outage without stopping the server. SQLite: another connection holds the write lock
// (reads go on, WAL). PostgreSQL: the app connects through a proxy, which is cut (refused).
import SQLite from 'better-sqlite3';
import type { TestDatabase } from './databases.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface Outage {
  /** Environment for startTestApp (the proxy's DATABASE_URL on PostgreSQL). */
  readonly env: Record<string, string>;
  begin(): Promise<void>;
  end(): Promise<void>;
  dispose(): Promise<void>;
}

export async function makeOutage(database: TestDatabase): Promise<Outage> {
  if (database.dialect === 'sqlite') {
    let locker: SQLite.Database | null = null;
    return {
      env: {},
      async begin() {
        locker = new SQLite(database.url.slice('sqlite:'.length));
        locker.exec('BEGIN EXCLUSIVE');
      },
      async end() {
        locker?.exec('COMMIT');
        locker?.close();
        locker = null;
      },
      async dispose() {
        locker?.close();
      },
    };
  }
  const proxy: TcpProxy = await startTcpProxy(5432);
  const url = new URL(database.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { env: { DATABASE_URL: url.toString() }, begin: () => proxy.cut(), end: () => proxy.restore(), dispose: () => proxy.close() };
}

// The database reads of a scrape are bounded: a database that never answers (a pool with no free
// connection) or a query held up by a lock costs the scrape the timeout, not the scrape itself.
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type DatabaseConnection } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Schema } from '../../src/db/schema.js';
import { readDatabaseFigures } from '../../src/monitoring/database-gauges.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { METRICS_TOKEN, promtoolAvailable, promtoolFindings, sampleValue, scrape } from './scrape.js';

/** A driver whose queries never answer. */
class SilentDriver extends DummyDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    return { executeQuery: () => new Promise(() => undefined), streamQuery: () => (async function* () {})() };
  }
}

describe('database figures', () => {
  it('give up at the deadline when the database never answers', async () => {
    const db = new Kysely<Schema>({
      dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new SilentDriver(), createIntrospector: (k) => new SqliteIntrospector(k), createQueryCompiler: () => new SqliteQueryCompiler() },
    });
    const silent = { db, dialect: 'sqlite' } as Pick<Database, 'db' | 'dialect'> as Database;
    const started = Date.now();
    await expect(readDatabaseFigures(silent, 200)).rejects.toThrow('database figures not read within 450 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('a scrape while a lock holds the change log, on postgres', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    t = await startTestApp(database, { METRICS_TOKEN, ROLLUP_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await t?.close();
    await database.cleanup();
  });

  it('answers after the statement timeout, without the database gauges', async () => {
    let release = () => undefined as void;
    let locked = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const isLocked = new Promise<void>((r) => (locked = r));
    // A second node's migration, say: the table is locked for longer than a scrape may wait.
    const holder = t.ctx.database.db.transaction().execute(async (trx) => {
      await sql`lock table rollup_deltas in access exclusive mode`.execute(trx);
      locked();
      await held;
    });
    await isLocked;
    try {
      const started = Date.now();
      const text = await scrape(t.app);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1900);
      expect(took).toBeLessThan(4000);
      expect(sampleValue(text, 'duotrack_scrape_database_ok')).toBe(0);
      expect(sampleValue(text, 'duotrack_rollup_pending_deltas')).toBeUndefined();
      expect(sampleValue(text, 'duotrack_writer_spooling')).toBe(0); // the rest of the scrape is there
      if (promtoolAvailable()) expect(promtoolFindings(text)).toBe('');
      // The server cancelled the query: nothing of the scrape still waits on the lock.
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%from "rollup_deltas" limit%'`.execute(t.ctx.database.db);
      expect(waiting.rows[0]?.n).toBe(0);
    } finally {
      release();
      await holder;
    }
    expect(sampleValue(await scrape(t.app), 'duotrack_scrape_database_ok')).toBe(1);
  });
});

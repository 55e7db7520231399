// The database reads of a scrape are bounded: a database that never answers (a pool with no free
// connection) or a query held up by a lock costs the scrape the timeout, not the scrape itself; on
// SQLite, where a read holds up the event loop, the backlog read is short (a covering index, a
// lower row cap).
import { CompiledQuery, DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql, type DatabaseConnection } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Schema } from '../../src/db/schema.js';
import { backlogQuery, readDatabaseFigures, SCRAPE_ROW_CAP } from '../../src/monitoring/database-gauges.js';
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

describe('the delivery backlog read on sqlite', () => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    database = openDatabase(test.url);
    await migrateToLatest(database);
    // 5 more pending deliveries than the cap, and as many already sent.
    const pending = SCRAPE_ROW_CAP.sqlite + 5;
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(pending)})
      insert into deliveries (id, client_id, destination, payload, state, attempts, next_attempt_at, created_at)
      select 'd' || i, 'c', case i % 2 when 0 then 'meta' else 'ga4' end, '{}', 'pending', 0, 0, 1000 + i from n`.execute(database.db);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(pending)})
      insert into deliveries (id, client_id, destination, payload, state, attempts, next_attempt_at, created_at, done_at)
      select 's' || i, 'c', 'meta', '{}', 'sent', 1, 0, 0, 1 from n`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await test?.cleanup();
  });

  it('reads the covering index deliveries_backlog alone, not the deliveries with their payloads', async () => {
    const { sql: text, parameters } = backlogQuery(database.db, SCRAPE_ROW_CAP.sqlite).compile();
    const plan = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
    expect(plan.rows.map((row) => row.detail)).toContain('SEARCH deliveries USING COVERING INDEX deliveries_backlog (state=?)');
  });

  it(`reads at most ${SCRAPE_ROW_CAP.sqlite} pending deliveries (PostgreSQL: ${SCRAPE_ROW_CAP.postgres})`, async () => {
    expect(SCRAPE_ROW_CAP).toEqual({ sqlite: 10_000, postgres: 100_000 });
    const { backlog } = await readDatabaseFigures(database, 2000);
    expect(backlog.reduce((sum, row) => sum + row.pending, 0)).toBe(SCRAPE_ROW_CAP.sqlite);
    expect(new Set(backlog.map((row) => row.destination))).toEqual(new Set(['meta', 'ga4']));
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
      await sql`lock table rollup_rebuilds in access exclusive mode`.execute(trx);
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
      expect(sampleValue(text, 'duotrack_rollup_rebuilds_pending')).toBeUndefined();
      expect(sampleValue(text, 'duotrack_writer_spooling')).toBe(0); // the rest of the scrape is there
      if (promtoolAvailable()) expect(promtoolFindings(text)).toBe('');
      // The server cancelled the query: nothing of the scrape still waits on the lock.
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%from "rollup_rebuilds" limit%'`.execute(t.ctx.database.db);
      expect(waiting.rows[0]?.n).toBe(0);
    } finally {
      release();
      await holder;
    }
    expect(sampleValue(await scrape(t.app), 'duotrack_scrape_database_ok')).toBe(1);
  });
});

// The SQLite connection in a worker thread (src/db/sqlite-worker*.ts): the same answers as Kysely's
// own SQLite driver, errors with better-sqlite3's codes, one transaction at a time, procedures run
// in the thread between transactions, a clean close, and an event loop that keeps turning while a
// long statement runs.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleRebuild } from '../../src/analytics/rollup-folder.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createClient } from '../../src/tenants/client.js';

interface Tables {
  items: { id: Generated<number>; name: string; data: Buffer | null };
}

let dir: string;
let path: string;
let database: Database;
let db: Kysely<Tables>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dt-sqlite-worker-'));
  path = join(dir, 'test.db');
  database = openDatabase(`sqlite:${path}`);
  db = database.db as unknown as Kysely<Tables>;
  await sql`create table items (id integer primary key, name text not null unique, data blob)`.execute(db);
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite worker dialect', () => {
  it('answers rows, affected rows and insert ids as Kysely’s SQLite driver does', async () => {
    const inserted = await db.insertInto('items').values([{ name: 'a' }, { name: 'b' }, { name: 'c' }]).executeTakeFirstOrThrow();
    expect(inserted).toEqual({ insertId: 3n, numInsertedOrUpdatedRows: 3n });
    const updated = await db.updateTable('items').set({ name: sql`name || '!'` }).where('id', '>', 1).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(2n);
    const returned = await db.deleteFrom('items').where('id', '=', 3).returning(['id', 'name']).execute();
    expect(returned).toEqual([{ id: 3, name: 'c!' }]);
    expect(await db.selectFrom('items').select(['id', 'name']).orderBy('id').execute()).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b!' },
    ]);
  });

  it('reads columns as better-sqlite3 names them: any name, the last of a name given twice', async () => {
    const { rows } = await sql`select 1 as a, 2 as a, 'x' as "we""ird name", null as "count(*)"`.execute(db);
    expect(rows).toEqual([{ a: 2, 'we"ird name': 'x', 'count(*)': null }]);
  });

  it('gives BLOBs back as Buffers', async () => {
    await db.insertInto('items').values({ name: 'blob', data: Buffer.from([0, 1, 254, 255]) }).execute();
    const { data } = await db.selectFrom('items').select('data').executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data).toEqual(Buffer.from([0, 1, 254, 255]));
  });

  it('rejects with Errors carrying better-sqlite3’s name and code, and a stack from the caller', async () => {
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    const duplicate = await db.insertInto('items').values({ id: 1, name: 'b' }).execute().catch((err: unknown) => err);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: 'UNIQUE constraint failed: items.id' });
    expect((duplicate as Error).stack).toContain('sqlite-worker.test.ts');
    await expect(sql`select * from nowhere`.execute(db)).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: 'no such table: nowhere' });
    // not an SQLite error: better-sqlite3 refuses the value before SQLite sees it
    await expect(sql`select ${true as unknown as number}`.execute(db)).rejects.toMatchObject({ name: 'TypeError', message: expect.stringContaining('can only bind') });
  });

  it('waits up to a second for another connection’s write lock, then fails with SQLITE_BUSY; reads go on', async () => {
    await db.insertInto('items').values({ name: 'a' }).execute();
    const locker = new SQLite(path);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      const started = Date.now();
      await expect(db.insertInto('items').values({ name: 'b' }).execute()).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // busy_timeout is 1,000 ms
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'a' }]); // WAL: readers go on
      locker.exec('COMMIT');

      // A lock released within the second: the write waits for it, and goes through.
      locker.exec('BEGIN EXCLUSIVE');
      setTimeout(() => locker.exec('COMMIT'), 200);
      await db.insertInto('items').values({ name: 'c' }).execute();
      expect(await db.selectFrom('items').select('name').orderBy('name').execute()).toEqual([{ name: 'a' }, { name: 'c' }]);
    } finally {
      locker.close();
    }
  });

  it('commits a transaction, and rolls back one that throws', async () => {
    await db.transaction().execute((trx) => trx.insertInto('items').values({ name: 'kept' }).execute());
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'dropped' }).execute();
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    expect(await db.selectFrom('items').select('name').execute()).toEqual([{ name: 'kept' }]);
  });

  it('runs concurrent transactions one after the other, other queries waiting their turn', async () => {
    await db.insertInto('items').values({ id: 1, name: '0' }).execute();
    const steps: string[] = [];
    // read, yield to the event loop, write: interleaved, two increments would make 1, not 2
    const increment = (who: string) =>
      db.transaction().execute(async (trx) => {
        steps.push(`${who} reads`);
        const { name } = await trx.selectFrom('items').select('name').where('id', '=', 1).executeTakeFirstOrThrow();
        await sleep(20);
        await trx.updateTable('items').set({ name: String(Number(name) + 1) }).where('id', '=', 1).execute();
        steps.push(`${who} writes`);
      });
    const outside = (async () => {
      await sleep(5);
      const row = await db.selectFrom('items').select('name').where('id', '=', 1).executeTakeFirstOrThrow();
      steps.push(`outside reads ${row.name}`);
    })();
    await Promise.all([increment('first'), increment('second'), outside]);
    expect(steps).toEqual(['first reads', 'first writes', 'second reads', 'second writes', 'outside reads 2']);
    expect(await db.selectFrom('items').select('name').where('id', '=', 1).executeTakeFirstOrThrow()).toEqual({ name: '2' });
  });

  it('does not stream (nothing in Duotrack does)', async () => {
    const rows = db.selectFrom('items').selectAll().stream();
    await expect(rows.next()).rejects.toThrow('the SQLite worker dialect does not stream: use execute()');
  });

  it('rejects the first query with the opening error when the file is not a database', async () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database, by a long way: SQLite reads its header from the first 100 bytes '.repeat(100));
    const broken = openDatabase(`sqlite:${garbage}`);
    try {
      await expect(broken.ping()).rejects.toMatchObject({ name: 'SqliteError', code: 'SQLITE_NOTADB' });
    } finally {
      await broken.close();
    }
  });

  it('answers ping', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('works on :memory:, the database living in the worker', async () => {
    const memory = openDatabase('sqlite::memory:');
    try {
      await sql`create table t (x integer)`.execute(memory.db);
      await sql`insert into t values (42)`.execute(memory.db);
      expect((await sql<{ x: number }>`select x from t`.execute(memory.db)).rows).toEqual([{ x: 42 }]);
    } finally {
      await memory.close();
    }
  });
});

describe('procedures (sqlite-procedures.ts)', () => {
  it('run in the thread once the transaction in progress has ended, never inside it', async () => {
    const migrated = openDatabase(`sqlite:${join(dir, 'migrated.db')}`);
    try {
      await migrateToLatest(migrated);
      let scheduled!: () => void;
      const inTransaction = new Promise<void>((resolve) => (scheduled = resolve));
      // A rebuild scheduled, then rolled back: a fold run inside that transaction would find it.
      const rolledBack = migrated.db.transaction().execute(async (trx) => {
        const client = await createClient(trx, { name: 'Label' });
        await scheduleRebuild(migrated, trx, client.id);
        scheduled();
        await sleep(50);
        throw new Error('rolled back');
      });
      await inTransaction;
      const folded = (migrated.inDatabaseThread as NonNullable<Database['inDatabaseThread']>)('foldNext', 100);
      await expect(rolledBack).rejects.toThrow('rolled back');
      await expect(folded).resolves.toBeNull();

      const client = await createClient(migrated.db, { name: 'Label' });
      await migrated.db.transaction().execute((trx) => scheduleRebuild(migrated, trx, client.id));
      await expect(migrated.inDatabaseThread?.('foldNext', 100)).resolves.toEqual({ events: 0, rows: 0 });
      expect(await migrated.db.selectFrom('rollup_rebuilds').selectAll().execute()).toEqual([]);
    } finally {
      await migrated.close();
    }
  });

  it('rejects a procedure it does not know', async () => {
    const call = database.inDatabaseThread as unknown as (procedure: string) => Promise<unknown>;
    await expect(call('dropEverything')).rejects.toThrow('no SQLite procedure named dropEverything');
    await expect(call('toString')).rejects.toThrow('no SQLite procedure named toString');
  });
});

describe('closing', () => {
  it('lets the transaction in progress commit, then checkpoints the WAL into the file', async () => {
    let inTransaction!: () => void;
    const started = new Promise<void>((resolve) => (inTransaction = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'first' }).execute();
      inTransaction();
      await sleep(50);
      await trx.insertInto('items').values({ name: 'last' }).execute();
    });
    await started;
    await database.close();
    await transaction;
    await expect(db.selectFrom('items').selectAll().execute()).rejects.toThrow('driver has already been destroyed');

    // the last connection's close writes the WAL back and deletes it
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    const reader = new SQLite(path, { readonly: true });
    try {
      expect(reader.prepare('select name from items order by id').all()).toEqual([{ name: 'first' }, { name: 'last' }]);
    } finally {
      reader.close();
    }
    database = openDatabase(`sqlite:${path}`); // for afterEach
  });

  it('does not keep a process alive once its queries are answered, close() or not', async () => {
    const script = `
      import { sql } from 'kysely';
      const { openDatabase } = await import(${JSON.stringify(new URL('../../src/db/database.ts', import.meta.url).href)});
      const database = openDatabase(${JSON.stringify(`sqlite:${join(dir, 'cli.db')}`)});
      console.log(JSON.stringify((await sql\`select 7 as n\`.execute(database.db)).rows));`;
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    await expect(run).resolves.toMatchObject({ stdout: '[{"n":7}]\n' });
  });

  it('lets a script go on after close(), as its last await', async () => {
    const script = `
      import { sql } from 'kysely';
      const { openDatabase } = await import(${JSON.stringify(new URL('../../src/db/database.ts', import.meta.url).href)});
      const database = openDatabase(${JSON.stringify(`sqlite:${join(dir, 'closing.db')}`)});
      await sql\`select 1\`.execute(database.db);
      await database.close();
      console.log('closed');`;
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    await expect(run).resolves.toMatchObject({ stdout: 'closed\n' });
  });
});

describe('the event loop', () => {
  it('keeps turning while a long statement runs in the worker', async () => {
    // the longest wait between two ticks of a 5 ms interval
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    try {
      const started = performance.now();
      // a few hundred milliseconds of SQLite work in one statement
      const { rows } = await sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000) select count(*) as n from c`.execute(db);
      const took = performance.now() - started;
      await sleep(20); // a tick after the statement: a blocked loop shows its gap only then
      expect(rows).toEqual([{ n: 2_000_000 }]);
      expect(took).toBeGreaterThan(150);
      // on the event loop, the statement would stop the ticks for its whole duration
      expect(longestGap).toBeLessThan(took / 3);
    } finally {
      clearInterval(ticker);
    }
  });
});

// 0024 on every database: each user of one client becomes a member of it with the same role;
// masters stay masters; going down gives each member their first client back.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest, migrator } from '../../src/db/migrate.js';
import { createClient } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

describe.each(DIALECTS)('migration 0024 (memberships) on %s', (dialect) => {
  let database: TestDatabase;
  let db: Database;
  let client: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = openDatabase(database.url);
    await migrateToLatest(db);
    client = (await createClient(db.db, { name: 'One' })).id;
    const down = await migrator(db).migrateTo('0023_rollups_compact');
    expect(down.error).toBeUndefined();
  });
  afterAll(async () => {
    await db.close();
    await database.cleanup();
  });

  it('makes each user of one client a member of it, with their role, and back', async () => {
    await sql`insert into users (id, email, password_hash, role, client_id, created_at) values
      ('m', 'm@x.test', 'h', 'master', null, 1), ('w', 'w@x.test', 'h', 'client', ${client}, 2), ('v', 'v@x.test', 'h', 'viewer', ${client}, 3)`.execute(db.db);
    await migrateToLatest(db);
    expect(await db.db.selectFrom('memberships').select(['user_id', 'client_id', 'role', 'created_at']).orderBy('user_id').execute()).toEqual([
      { user_id: 'v', client_id: client, role: 'viewer', created_at: 3 },
      { user_id: 'w', client_id: client, role: 'client', created_at: 2 },
    ]);
    expect(await db.db.selectFrom('users').select(['id', 'role']).orderBy('id').execute()).toEqual([
      { id: 'm', role: 'master' },
      { id: 'v', role: 'member' },
      { id: 'w', role: 'member' },
    ]);

    expect((await migrator(db).migrateTo('0023_rollups_compact')).error).toBeUndefined();
    const { rows } = await sql<{ id: string; role: string; client_id: string | null }>`select id, role, client_id from users order by id`.execute(db.db);
    expect(rows).toEqual([
      { id: 'm', role: 'master', client_id: null },
      { id: 'v', role: 'viewer', client_id: client },
      { id: 'w', role: 'client', client_id: client },
    ]);
    await migrateToLatest(db);
  });
});

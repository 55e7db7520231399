// The first admin when two nodes start together on one fresh database (compose, two systemd
// units): exactly one creates it and prints its password, the other starts without error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/auth/bootstrap-admin.js';
import { countUsers } from '../../src/auth/users.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

describe.each(DIALECTS)('the first admin on %s', (dialect) => {
  let database: TestDatabase;
  let nodes: Database[];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    nodes = [openDatabase(database.url), openDatabase(database.url)];
    await migrateToLatest(nodes[0]!);
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await database.cleanup();
  });

  it('is created once when two nodes start at the same time, and the other node goes on', async () => {
    const results = await Promise.all(nodes.map((node) => ensureAdmin(node.db, 'ops@example.com', null)));
    const created = results.filter((r) => r !== null);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ email: 'ops@example.com', generated: true });
    expect(await countUsers(nodes[0]!.db)).toBe(1);
    // a later start creates nothing
    expect(await ensureAdmin(nodes[1]!.db, 'ops@example.com', null)).toBeNull();
  });
});

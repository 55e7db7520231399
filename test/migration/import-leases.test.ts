// The import lease is exact across app nodes: two nodes on one database never hold a client's
// lease at once, an expired lease (a crashed node's) is taken over, a held one is renewed, and a
// node releasing a lease it has lost leaves the new holder's alone.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.js';
import { importLeases } from '../../src/migration/import-leases.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe.each(DIALECTS)('import leases on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let db: Kysely<Schema>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DELIVERY_INTERVAL_MS: '0', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    db = t.ctx.database.db;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('gives a client’s lease to one node at a time, and to the other once released', async () => {
    const [a, b] = [importLeases(db, { node: 'node-a' }), importLeases(db, { node: 'node-b' })];
    const takes = await Promise.all([a.take('client-1'), b.take('client-1'), a.take('client-1'), b.take('client-1')]);
    expect(takes.filter((release) => release !== null)).toHaveLength(1);
    const releaseOther = await b.take('client-2');
    expect(releaseOther).not.toBeNull();
    await takes.find((release) => release !== null)?.();
    const again = await b.take('client-1');
    expect(again).not.toBeNull();
    await again?.();
    await releaseOther?.();
  });

  it('lets another node take over an expired lease, and the old holder’s release leaves it alone', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const crashed = importLeases(db, { node: 'crashed', leaseMs: 60_000, now });
    const survivor = importLeases(db, { node: 'survivor', leaseMs: 60_000, now });
    const releaseCrashed = await crashed.take('client-3');
    expect(releaseCrashed).not.toBeNull();
    clock += 59_999;
    expect(await survivor.take('client-3')).toBeNull();
    clock += 1;
    const releaseSurvivor = await survivor.take('client-3');
    expect(releaseSurvivor).not.toBeNull();
    await releaseCrashed?.(); // the lease it lost is the survivor's now
    expect(await db.selectFrom('import_leases').select('node').where('client_key', '=', 'client-3').executeTakeFirst()).toEqual({ node: 'survivor' });
    expect(await crashed.take('client-3')).toBeNull();
    await releaseSurvivor?.();
    expect(await db.selectFrom('import_leases').selectAll().where('client_key', '=', 'client-3').execute()).toEqual([]);
  });

  it('renews a lease while it is held, so it does not expire under a running import', async () => {
    const holder = importLeases(db, { node: 'holder', leaseMs: 400, renewMs: 20 });
    const other = importLeases(db, { node: 'other', leaseMs: 400 });
    const release = await holder.take('client-4');
    expect(release).not.toBeNull();
    await sleep(1_200); // three leases long
    expect(await other.take('client-4')).toBeNull();
    await release?.();
    const taken = await other.take('client-4');
    expect(taken).not.toBeNull();
    await taken?.();
  });
});

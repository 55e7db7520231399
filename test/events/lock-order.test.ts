// The lock order of the writers of events on PostgreSQL: a transaction that changes or deletes
// stored events takes the rollups' lock (shared) before it locks their rows, as a retention batch
// takes it (exclusively) before it deletes rows. A change and a purge of the same events then take
// turns; in the other order each would wait for the other (a deadlock, one of them aborted).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { storeEvents } from '../../src/events/append.js';
import { changeEvents } from '../../src/events/change.js';
import { deleteOldest } from '../../src/events/purge.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const DAY = 86_400_000;

let test: TestDatabase | undefined;
let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  await test?.cleanup();
});

describe.skipIf(!DIALECTS.includes('postgres'))('writers of events on postgres', () => {
  it('a change and a retention batch over the same events take turns, neither aborted', async () => {
    test = await createTestDatabase('postgres');
    const events = (database = openDatabase(test.url));
    await migrateToLatest(events);
    const db = events.db;
    const client = await createClient(db, { name: 'Turns' });
    const link = await createSmartlink(db, { clientId: client.id, slug: 'turns', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    const now = Date.now();
    await storeEvents(events, [...syntheticEvents({ clientId: client.id, smartlinkIds: [link.id], from: now - 40 * DAY, to: now - 39 * DAY, views: 20, seed: 3 })]);

    let locked!: () => void;
    const rowsLocked = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Holds the client's event rows locked until released (what a late confirmation or an erasure does, briefly).
    const change = db.transaction().execute((trx) =>
      changeEvents(events, trx, (qb) => qb.where('client_id', '=', client.id), async () => {
        locked();
        await released;
      }),
    );
    await rowsLocked;
    const purge = db.transaction().execute((trx) => deleteOldest(events, trx, client.id, now, 10_000));
    await sleep(300); // the purge is now waiting, at the rollups' lock or at the rows
    release();

    const [changed, purged] = await Promise.all([change, purge]);
    expect(changed.length).toBeGreaterThan(20);
    expect(purged.events).toBe(changed.length);
    expect(await db.selectFrom('events').select('event_id').execute()).toEqual([]);
  });
});

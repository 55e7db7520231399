// Erasure by visitor stays within the eraser's client on every database: client A's erasure of a
// visitor id takes A's first-view claims and never client B's, whose visitor it may name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

describe.each(DIALECTS)('erasure scope on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let aLink: Smartlink;
  let bLink: Smartlink;
  let aKey: string;
  let bKey: string;

  const erase = (key: string, visitorId: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/privacy/erasures', headers: { authorization: `Bearer ${key}` }, payload: { visitorId } });
  const claims = async (visitorId: string) =>
    (await t.ctx.database.db.selectFrom('visitor_days').select('smartlink_id').where('visitor_id', '=', visitorId).orderBy('smartlink_id').execute()).map((r) => r.smartlink_id);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const db = t.ctx.database.db;
    const a = await createClient(db, { name: 'Label A' });
    const b = await createClient(db, { name: 'Label B' });
    const services = [{ service: 'spotify', url: 'https://open.spotify.com/x' }];
    aLink = await createSmartlink(db, { clientId: a.id, slug: 'scope-a', artistName: 'A', trackTitle: 'A', status: 'live', services });
    bLink = await createSmartlink(db, { clientId: b.id, slug: 'scope-b', artistName: 'B', trackTitle: 'B', status: 'live', services });
    aKey = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
    bKey = (await createApiKey(db, { clientId: b.id, name: 'b' })).key;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it("leaves client B's first-view claim alone when client A erases the visitor id, and takes A's own", async () => {
    const page = await t.app.inject({ url: '/scope-b', headers: { 'user-agent': PHONE_UA, 'x-forwarded-for': '81.2.69.77' } });
    expect(page.statusCode).toBe(200);
    const { visitor_id: visitorId } = await t.ctx.database.db.selectFrom('events').select('visitor_id').where('smartlink_id', '=', bLink.id).executeTakeFirstOrThrow();
    expect(visitorId).toMatch(/^[0-9a-f]{32}$/);
    // the same id claimed on A's smartlink too: A's to erase
    await t.ctx.database.db.insertInto('visitor_days').values({ visitor_id: visitorId!, smartlink_id: aLink.id, ts: Date.now() }).execute();
    expect(await claims(visitorId!)).toEqual([aLink.id, bLink.id].sort());

    expect((await erase(aKey, visitorId!)).json()).toEqual({ target: `visitor:${visitorId}`, events: 0, confirmations: 0 });
    expect(await claims(visitorId!)).toEqual([bLink.id]);

    expect((await erase(bKey, visitorId!)).json()).toEqual({ target: `visitor:${visitorId}`, events: 1, confirmations: 0 });
    expect(await claims(visitorId!)).toEqual([]);
  });
});

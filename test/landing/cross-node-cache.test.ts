// Two app nodes on one PostgreSQL: a smartlink created or changed through one node's API is served
// as it now is by the other at once, although each caches lookups for 10 minutes here. The
// notification is what expires the other node's cache, also after its LISTEN connection was cut.
// (SQLite is served by one process: the cache is expired in place, see landing.test.ts.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];
const LONG_CACHE = { LANDING_CACHE_MS: '600000' };

/** Polls until `check` passes or 5 s have gone by. */
async function within5s(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.skipIf(!DIALECTS.includes('postgres'))('smartlink lookup cache across nodes on postgres', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let key: string;

  const page = (t: TestApp, slug: string) => t.app.inject({ url: `/${slug}`, headers: { 'user-agent': PHONE_UA } });
  const api = (method: 'POST' | 'PATCH', url: string, payload: object) => a.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` }, payload });

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    a = await startTestApp(database, LONG_CACHE);
    b = await startTestApp({ ...database, dataDir: mkdtempSync(join(tmpdir(), 'duotrack-node-b-')) }, LONG_CACHE); // its own spool
    key = (await createApiKey(a.ctx.database.db, { clientId: null, name: 'master' })).key;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.cleanup();
  });

  it('serves on node B a smartlink created, then changed, then archived through node A', async () => {
    const demo = await a.ctx.database.db.selectFrom('smartlinks').select('client_id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    expect((await page(b, 'fresh-single')).statusCode).toBe(404); // B now caches "no such smartlink"

    const created = await api('POST', '/smartlinks', { clientId: demo.client_id, slug: 'fresh-single', artistName: 'Nova', trackTitle: 'First Take', services: SERVICES, status: 'live' });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    await within5s(async () => expect((await page(b, 'fresh-single')).body).toContain('First Take'));

    expect((await api('PATCH', `/smartlinks/${id}`, { trackTitle: 'Second Take' })).statusCode).toBe(200);
    await within5s(async () => expect((await page(b, 'fresh-single')).body).toContain('Second Take'));

    expect((await api('PATCH', `/smartlinks/${id}`, { status: 'archived' })).statusCode).toBe(200);
    await within5s(async () => expect((await page(b, 'fresh-single')).statusCode).not.toBe(200));
  });

  it('hears changes again after its LISTEN connection is cut', async () => {
    const demo = await a.ctx.database.db.selectFrom('smartlinks').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    expect((await page(b, 'demo')).body).toContain('Midnight Drive'); // cached on B

    const url = new URL(database.url);
    const listen = `listen "duotrack.${url.searchParams.get('schema')}.landings"`;
    url.searchParams.delete('schema');
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    const listeners = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where query = $1', [listen])).rows.map((r) => r.pid);
    try {
      const before = await listeners();
      expect(before).toHaveLength(2); // A's and B's
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where query = $1', [listen]);
      await within5s(async () => expect((await listeners()).filter((pid) => !before.includes(pid))).toHaveLength(2)); // both back, on new connections
    } finally {
      await admin.end();
    }
    expect((await page(b, 'demo')).body).toContain('Midnight Drive'); // cached again on B

    expect((await api('PATCH', `/smartlinks/${demo.id}`, { trackTitle: 'Midnight Drive (Remastered)' })).statusCode).toBe(200);
    await within5s(async () => expect((await page(b, 'demo')).body).toContain('Midnight Drive (Remastered)'));
  });
});

// Archiving, restoring and deleting a client, and deleting a smartlink, through the API on every
// database: who may, what fans then get (410), what is left (nothing of a deleted client, in any
// table), and the other clients' figures untouched and exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { setMembership } from '../../src/auth/memberships.js';
import { createUser } from '../../src/auth/users.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ROLLUP_TABLES, totalsFromEvents, totalsFromRollups } from '../support/rollup-truth.js';
import { PHONE_UA } from '../support/events.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe.each(DIALECTS)('client and smartlink lifecycle on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  const keys = { master: '', a: '', b: '', masterReadOnly: '' };
  let a: Client;
  let b: Client;

  const call = (key: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  /** A live smartlink of `key`'s client with a view and a click from a fan. */
  async function trafficked(key: string, slug: string): Promise<string> {
    const res = await call(key, 'POST', '/api/v1/smartlinks', { slug, artistName: 'A', trackTitle: 'T', services: SERVICES, status: 'live' });
    expect(res.statusCode).toBe(201);
    expect((await t.app.inject({ url: `/${slug}`, headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/${slug}/spotify`, headers: { 'user-agent': PHONE_UA } })).statusCode).toBe(302);
    return res.json().id;
  }

  /** Rows of any table that name one of `ids` in a column that names clients or smartlinks. */
  async function rowsNaming(ids: readonly string[]): Promise<Record<string, number>> {
    const db = t.ctx.database.db;
    const tables = (await db.introspection.getTables()).filter((table) => dialect === 'sqlite' || table.schema === t.ctx.database.schema);
    const found: Record<string, number> = {};
    for (const table of tables) {
      for (const column of table.columns.filter((c) => ['client_id', 'smartlink_id', 'scope', 'client_key'].includes(c.name))) {
        const { n } = await db
          .selectFrom(table.name as 'clients')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(column.name as 'id', 'in', ids)
          .executeTakeFirstOrThrow();
        if (Number(n) > 0) found[`${table.name}.${column.name}`] = Number(n);
      }
    }
    return found;
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Label A' });
    b = await createClient(db, { name: 'Label B' });
    keys.master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    keys.masterReadOnly = (await createApiKey(db, { clientId: null, name: 'master-ro', readOnly: true })).key;
    keys.a = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
    keys.b = (await createApiKey(db, { clientId: b.id, name: 'b' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it.each([
    { name: 'archive', method: 'POST' as const, path: 'archive' },
    { name: 'restore', method: 'POST' as const, path: 'restore' },
    { name: 'delete', method: 'DELETE' as const, path: '' },
  ])('lets only the agency $name a client: 403 to client keys (theirs or another’s), read-only keys; 404 when there is none', async ({ method, path }) => {
    const url = (id: string) => `/api/v1/clients/${id}${path ? `/${path}` : ''}`;
    for (const [key, id] of [[keys.a, a.id], [keys.a, b.id], [keys.b, a.id]] as const) {
      const res = await call(key, method, url(id));
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toContain('only the agency (master)');
    }
    expect((await call(keys.masterReadOnly, method, url(a.id))).statusCode).toBe(403);
    const missing = await call(keys.master, method, url('no-such-client'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('client no-such-client not found');
    expect((await call(keys.master, 'GET', `/api/v1/clients/${a.id}`)).json().archivedAt).toBeNull();
  });

  it('archives a client: its pages answer 410, it leaves the list unless asked for, no new smartlink; restored, it serves again; audited', async () => {
    const c = (await call(keys.master, 'POST', '/api/v1/clients', { name: 'Archived Label' })).json() as Client;
    const key = (await createApiKey(t.ctx.database.db, { clientId: c.id, name: 'c' })).key;
    await trafficked(key, 'to-archive');
    const archived = await call(keys.master, 'POST', `/api/v1/clients/${c.id}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).toBeGreaterThan(0);

    for (const url of ['/to-archive', '/to-archive/spotify']) {
      const page = await t.app.inject({ url, headers: { 'accept-language': 'fr' } });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('Plus disponible');
      expect(page.body).not.toContain('Archived Label');
    }
    const names = async (query: string) => (await call(keys.master, 'GET', `/api/v1/clients?limit=200${query}`)).json().data.map((x: Client) => x.name);
    expect(await names('')).not.toContain('Archived Label');
    expect(await names('&includeArchived=true')).toContain('Archived Label');
    const overview = async () => (await call(keys.master, 'GET', '/api/v1/analytics/clients')).json().clients.map((x: { name: string }) => x.name);
    expect(await overview()).not.toContain('Archived Label'); // nor in the agency's overview
    expect((await call(key, 'GET', '/api/v1/clients')).json().data.map((x: Client) => x.id)).toEqual([c.id]); // its own key still reads it
    const refused = await call(key, 'POST', '/api/v1/smartlinks', { slug: 'after-archive', artistName: 'A', trackTitle: 'T', services: SERVICES });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('is archived');
    expect(await t.ctx.database.db.selectFrom('events').select('event_id').where('client_id', '=', c.id).execute()).toHaveLength(2); // data kept

    const restored = await call(keys.master, 'POST', `/api/v1/clients/${c.id}/restore`);
    expect(restored.json().archivedAt).toBeNull();
    expect((await t.app.inject({ url: '/to-archive' })).statusCode).toBe(200);
    expect(await overview()).toContain('Archived Label');
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('client_id', '=', c.id).orderBy('ts').execute();
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['client.archive', 'client.restore']));
  });

  it('refuses to delete a client that is not archived (409, saying so)', async () => {
    const res = await call(keys.master, 'DELETE', `/api/v1/clients/${a.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('archive it first');
  });

  it('deletes an archived client and everything of it, in every table; the other clients keep their data and exact figures; audited', async () => {
    const db = t.ctx.database.db;
    const c = (await call(keys.master, 'POST', '/api/v1/clients', { name: 'Doomed', settings: { allowCustomDomains: true }, domain: 'links.doomed.example' })).json() as Client;
    const key = (await createApiKey(db, { clientId: c.id, name: 'c' })).key;
    const links = [await trafficked(key, 'doomed-1'), await trafficked(key, 'doomed-2')];
    await trafficked(keys.b, `b-keeps-${dialect}`);
    const member = await createUser(db, { email: `member-${dialect}@doomed.example`, password: 'a long password', role: 'client', clientId: c.id });
    const both = await createUser(db, { email: `both-${dialect}@doomed.example`, password: 'a long password', role: 'client', clientId: c.id });
    await setMembership(db, both.id, b.id, 'viewer');
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${c.id}`, { forwarding: { meta: { accessToken: 'EAAB-secret-token' } } })).statusCode).toBe(200);
    const now = Date.now();
    await db.insertInto('deliveries').values({ id: 'meta:x-doomed', client_id: c.id, destination: 'meta', payload: '{}', state: 'pending', next_attempt_at: now, leased_until: null, last_error: null, created_at: now, done_at: null }).execute();
    await db.insertInto('legacy_counts').values({ client_id: c.id, smartlink_id: links[0] as string, granularity: 'day', period_start: 0, views: 3, clicks: 1, uniques: null, imported_at: now }).execute();
    await db.insertInto('csp_reports').values({ client_id: c.id, host: 'evil.example', bucket: 0, reports: 1 }).execute();
    await db.insertInto('alerts').values({ id: 'alert-doomed', rule: 'spike', scope: c.id, state: 'open', opened_at: now, resolved_at: null, message: 'm', details: null, read_at: null }).execute();
    const before = await rowsNaming([c.id, ...links]);
    for (const table of ['events.client_id', 'smartlinks.client_id', 'rollups.client_id', 'api_keys.client_id', 'memberships.client_id', 'client_forwarding.client_id', 'domain_verifications.client_id', 'visitor_days.smartlink_id']) {
      expect(before[table], table).toBeGreaterThan(0);
    }
    const bBefore = await totalsFromRollups(t.ctx, b.id, 'rollups');

    expect((await call(keys.master, 'POST', `/api/v1/clients/${c.id}/archive`)).statusCode).toBe(200);
    const res = await call(keys.master, 'DELETE', `/api/v1/clients/${c.id}`);
    expect(res.statusCode).toBe(204);

    expect(await rowsNaming([c.id, ...links])).toEqual({ 'audit_log.client_id': expect.any(Number) }); // the audit log keeps its history
    expect(await db.selectFrom('clients').select('id').where('id', '=', c.id).execute()).toEqual([]);
    expect(await db.selectFrom('users').select('id').where('id', '=', member.id).execute()).toEqual([]); // on no client any more: deleted
    expect(await db.selectFrom('memberships').select(['client_id', 'role']).where('user_id', '=', both.id).execute()).toEqual([{ client_id: b.id, role: 'viewer' }]); // keeps the other
    expect((await call(key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(401); // its keys are gone
    expect((await t.app.inject({ url: '/doomed-1' })).statusCode).toBe(404);
    expect((await call(keys.master, 'GET', `/api/v1/clients/${c.id}`)).statusCode).toBe(404);
    const audit = await db.selectFrom('audit_log').select(['action', 'before']).where('client_id', '=', c.id).where('action', '=', 'client.delete').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).not.toContain('EAAB-secret-token');

    // The other client: untouched, and its rollups still what its events say.
    const bEvents = await db.selectFrom('events').selectAll().where('client_id', '=', b.id).execute();
    for (const table of ROLLUP_TABLES) expect(await totalsFromRollups(t.ctx, b.id, table)).toEqual(totalsFromEvents(bEvents));
    expect(await totalsFromRollups(t.ctx, b.id, 'rollups')).toEqual(bBefore);
  });

  it('deletes a smartlink (writers of its client only) with its events; the client’s figures stay exact; the slug is free again; audited', async () => {
    const db = t.ctx.database.db;
    const kept = await trafficked(keys.a, `a-kept-${dialect}`);
    const gone = await trafficked(keys.a, `a-gone-${dialect}`);
    const aReadOnly = (await createApiKey(db, { clientId: a.id, name: 'a-ro', readOnly: true })).key;
    expect((await call(keys.b, 'DELETE', `/api/v1/smartlinks/${gone}`)).statusCode).toBe(404); // another client's: not even seen
    expect((await call(aReadOnly, 'DELETE', `/api/v1/smartlinks/${gone}`)).statusCode).toBe(403);
    expect((await call(keys.a, 'DELETE', '/api/v1/smartlinks/no-such-link')).statusCode).toBe(404);

    const res = await call(keys.a, 'DELETE', `/api/v1/smartlinks/${gone}`);
    expect(res.statusCode).toBe(204);
    expect(await rowsNaming([gone])).toEqual({});
    const aEvents = await db.selectFrom('events').selectAll().where('client_id', '=', a.id).execute();
    expect(aEvents.some((e) => e.smartlink_id === kept)).toBe(true);
    for (const table of ROLLUP_TABLES) expect(await totalsFromRollups(t.ctx, a.id, table)).toEqual(totalsFromEvents(aEvents));
    expect((await t.app.inject({ url: `/a-gone-${dialect}` })).statusCode).toBe(404);
    const again = await call(keys.a, 'POST', '/api/v1/smartlinks', { slug: `a-gone-${dialect}`, artistName: 'A', trackTitle: 'T', services: SERVICES });
    expect(again.statusCode).toBe(201);
    const audit = await db.selectFrom('audit_log').select('action').where('target', '=', gone).where('action', '=', 'smartlink.delete').execute();
    expect(audit).toHaveLength(1);
  });

  it('answers 410 for an archived smartlink and its service links, 404 for a draft', async () => {
    const id = await trafficked(keys.a, `a-archived-${dialect}`);
    expect((await call(keys.a, 'PATCH', `/api/v1/smartlinks/${id}`, { status: 'archived' })).statusCode).toBe(200);
    const page = await t.app.inject({ url: `/a-archived-${dialect}` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('No longer available');
    expect((await t.app.inject({ url: `/a-archived-${dialect}/spotify` })).statusCode).toBe(410);
    expect((await call(keys.a, 'PATCH', `/api/v1/smartlinks/${id}`, { status: 'draft' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/a-archived-${dialect}` })).statusCode).toBe(404);
  });
});

// Users on several clients, on every database: a session acts for one membership per request
// (X-Duotrack-Client, else the first client) with that client's role; a user on A and B sees A and
// B and never C; a viewer on B cannot write B. Memberships are managed by master, or by a client's
// writer for their own client only, and a writer never learns another client of their members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { setMembership } from '../../src/auth/memberships.js';
import { createUser } from '../../src/auth/users.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct horse battery';
const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe.each(DIALECTS)('memberships on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Client;
  let b: Client;
  let c: Client;
  let masterKey: string;
  let multiId: string;
  let anaId: string;

  type Session = { cookie: string; csrf: string };
  let signIns = 0;
  const signIn = async (email: string): Promise<Session> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD }, remoteAddress: `198.51.100.${++signIns}` });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String([res.headers['set-cookie']].flat()[0]).split(';')[0]!, csrf: res.json().csrfToken };
  };
  const as = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: { payload?: object; acting?: string } = {}) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(options.acting ? { 'x-duotrack-client': options.acting } : {}) },
      ...(options.payload ? { payload: options.payload } : {}),
    });
  const asMaster = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${masterKey}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Label A' });
    b = await createClient(db, { name: 'Label B' });
    c = await createClient(db, { name: 'Label C' });
    for (const [client, slug] of [[a, 'song-a'], [b, 'song-b'], [c, 'song-c']] as const) {
      await createSmartlink(db, { clientId: client.id, slug, artistName: 'X', trackTitle: 'Y', services: SERVICES, status: 'live' });
    }
    multiId = (await createUser(db, { email: 'multi@agency.test', password: PASSWORD, role: 'client', clientId: a.id })).id;
    await setMembership(db, multiId, b.id, 'viewer', Date.now() + 1);
    anaId = (await createUser(db, { email: 'ana@a.test', password: PASSWORD, role: 'client', clientId: a.id })).id;
    await createUser(db, { email: 'cleo@c.test', password: PASSWORD, role: 'client', clientId: c.id });
    masterKey = (await createApiKey(db, { clientId: null, name: 'master' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('tells the session its memberships, and acts for the first client unless X-Duotrack-Client names another of them', async () => {
    const s = await signIn('multi@agency.test');
    const me = await as(s, 'GET', '/api/v1/auth/me');
    expect(me.json().user).toEqual({
      id: multiId,
      email: 'multi@agency.test',
      role: 'client',
      clientId: a.id,
      memberships: [
        { clientId: a.id, clientName: 'Label A', role: 'client' },
        { clientId: b.id, clientName: 'Label B', role: 'viewer' },
      ],
    });
    expect((await as(s, 'GET', '/api/v1/auth/me', { acting: b.id })).json().user).toMatchObject({ role: 'viewer', clientId: b.id });
    // A client the user is not on is never acted for: the first client is.
    expect((await as(s, 'GET', '/api/v1/auth/me', { acting: c.id })).json().user).toMatchObject({ role: 'client', clientId: a.id });
  });

  it('sees A and B, each when acting for it, and never C', async () => {
    const s = await signIn('multi@agency.test');
    const slugs = async (acting?: string) => ((await as(s, 'GET', '/api/v1/smartlinks', acting ? { acting } : {})).json().data as { slug: string }[]).map((l) => l.slug);
    expect(await slugs()).toEqual(['song-a']);
    expect(await slugs(b.id)).toEqual(['song-b']);
    expect(await slugs(c.id)).toEqual(['song-a']);
    expect((await as(s, 'GET', `/api/v1/clients/${a.id}`)).statusCode).toBe(200);
    expect((await as(s, 'GET', `/api/v1/clients/${b.id}`, { acting: b.id })).statusCode).toBe(200);
    expect((await as(s, 'GET', `/api/v1/clients/${c.id}`, { acting: c.id })).statusCode).toBe(404);
    expect((await as(s, 'GET', `/api/v1/clients/${b.id}`)).statusCode).toBe(404); // acting for A: B is not in this request's scope
  });

  it('lets a viewer on B read B and not write it, while writing A', async () => {
    const s = await signIn('multi@agency.test');
    const onB = await as(s, 'POST', '/api/v1/smartlinks', { acting: b.id, payload: { clientId: b.id, slug: 'b-new', artistName: 'X', trackTitle: 'Y', services: SERVICES } });
    expect(onB.statusCode).toBe(403);
    expect(onB.json()).toMatchObject({ error: 'read_only' });
    // Acting for A (a writer there) does not reach B either.
    expect((await as(s, 'POST', '/api/v1/smartlinks', { acting: a.id, payload: { clientId: b.id, slug: 'b-new', artistName: 'X', trackTitle: 'Y', services: SERVICES } })).statusCode).toBe(404);
    expect((await as(s, 'POST', '/api/v1/smartlinks', { acting: a.id, payload: { clientId: a.id, slug: 'a-new', artistName: 'X', trackTitle: 'Y', services: SERVICES } })).statusCode).toBe(201);
  });

  it('lets master put a user on another client, change the role and take it away; audited', async () => {
    const put = await asMaster('PUT', `/api/v1/users/${multiId}/memberships/${c.id}`, { role: 'viewer' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().memberships.map((m: { clientName: string; role: string }) => `${m.clientName}:${m.role}`)).toEqual(['Label A:client', 'Label B:viewer', 'Label C:viewer']);
    expect((await asMaster('PUT', `/api/v1/users/${multiId}/memberships/${c.id}`, { role: 'client' })).json().memberships[2]).toMatchObject({ role: 'client' });
    const s = await signIn('multi@agency.test');
    expect((await as(s, 'GET', `/api/v1/clients/${c.id}`, { acting: c.id })).statusCode).toBe(200);
    expect((await asMaster('DELETE', `/api/v1/users/${multiId}/memberships/${c.id}`)).statusCode).toBe(204);
    expect((await as(s, 'GET', `/api/v1/clients/${c.id}`, { acting: c.id })).statusCode).toBe(404);
    const audit = (await asMaster('GET', `/api/v1/audit?clientId=${c.id}`)).json().data as { action: string; target: string }[];
    expect(audit.filter((e) => e.target === multiId).map((e) => e.action)).toEqual(['user.membership.remove', 'user.membership', 'user.membership']);
  });

  it('lets a client writer manage their own client’s members only, and never shows them another client of a member', async () => {
    const ana = await signIn('ana@a.test');
    const users = (await as(ana, 'GET', '/api/v1/users')).json().data as { email: string; memberships: { clientId: string }[] }[];
    expect(users.map((u) => u.email)).toEqual(['ana@a.test', 'multi@agency.test']);
    expect(users.flatMap((u) => u.memberships.map((m) => m.clientId))).toEqual([a.id, a.id]);
    // Not their client, not their member, not themselves.
    expect((await as(ana, 'PUT', `/api/v1/users/${multiId}/memberships/${b.id}`, { payload: { role: 'client' } })).statusCode).toBe(404);
    const cleo = (await asMaster('GET', '/api/v1/users')).json().data.find((u: { email: string }) => u.email === 'cleo@c.test');
    expect((await as(ana, 'PUT', `/api/v1/users/${cleo.id}/memberships/${a.id}`, { payload: { role: 'client' } })).statusCode).toBe(404);
    expect((await as(ana, 'PUT', `/api/v1/users/${anaId}/memberships/${a.id}`, { payload: { role: 'viewer' } })).statusCode).toBe(403);
    const demoted = await as(ana, 'PUT', `/api/v1/users/${multiId}/memberships/${a.id}`, { payload: { role: 'viewer' } });
    expect(demoted.statusCode, demoted.body).toBe(200);
    expect(demoted.json().memberships).toEqual([{ clientId: a.id, clientName: 'Label A', role: 'viewer' }]);
    // Deleting from a client takes the user off that client only: B keeps them.
    expect((await as(ana, 'DELETE', `/api/v1/users/${multiId}`)).statusCode).toBe(204);
    const after = (await asMaster('GET', '/api/v1/users')).json().data.find((u: { id: string }) => u.id === multiId);
    expect(after.memberships).toEqual([{ clientId: b.id, clientName: 'Label B', role: 'viewer' }]);
    // Their last client gone, the user goes.
    expect((await asMaster('DELETE', `/api/v1/users/${multiId}/memberships/${b.id}`)).statusCode).toBe(204);
    expect((await asMaster('GET', '/api/v1/users')).json().data.some((u: { id: string }) => u.id === multiId)).toBe(false);
  });

  it('refuses to sign in an account left on no client (its client deleted), saying why', async () => {
    const db = t.ctx.database.db;
    const gone = await createClient(db, { name: 'Gone Label' });
    await createUser(db, { email: 'orphan@gone.test', password: PASSWORD, role: 'viewer', clientId: gone.id });
    await db.deleteFrom('memberships').where('client_id', '=', gone.id).execute();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'orphan@gone.test', password: PASSWORD }, remoteAddress: '198.51.100.250' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'no_client', message: 'your account is on no client any more: ask for a new invitation' });
    expect(res.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringContaining('dt_session='));
  });

  it('refuses bad membership input with a 4xx that says why', async () => {
    const bad = await asMaster('PUT', `/api/v1/users/${anaId}/memberships/${b.id}`, { role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation_failed' });
    expect((await asMaster('PUT', `/api/v1/users/nobody/memberships/${b.id}`, { role: 'viewer' })).json()).toMatchObject({ error: 'not_found', message: 'user nobody not found' });
    expect((await asMaster('PUT', `/api/v1/users/${anaId}/memberships/no-client`, { role: 'viewer' })).statusCode).toBe(404);
    const master = (await asMaster('GET', '/api/v1/users')).json().data.find((u: { role: string }) => u.role === 'master');
    if (master) expect((await asMaster('PUT', `/api/v1/users/${master.id}/memberships/${b.id}`, { role: 'viewer' })).json()).toMatchObject({ error: 'invalid', message: 'a master user sees every client already' });
    const viewer = await signIn('cleo@c.test');
    expect((await as(viewer, 'DELETE', `/api/v1/users/${anaId}/memberships/${a.id}`)).statusCode).toBe(404);
  });
});

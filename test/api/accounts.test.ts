// Accounts through the API, on every database: sign-in (cookie, CSRF, expiry, flood limit, password
// change; the throttle of password checks: login-throttle.test.ts), users and API keys (shown once,
// revocable), the audit log, and their isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createUser } from '../../src/auth/users.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct horse battery';
const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Client;
  let b: Client;
  let masterKey: string;
  let bKey: { id: string; key: string };
  let bUserId: string;

  type Session = { cookie: string; csrf: string };
  let signIns = 0; // each from its own address: sign-in is rate-limited per address
  const signIn = async (email: string, password = PASSWORD, ip = `192.0.2.${++signIns}`): Promise<Session> => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: res.json().csrfToken };
  };
  const asSession = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, csrf: string | null = s.csrf) =>
    t.app.inject({ method, url, headers: { cookie: s.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) }, ...(payload ? { payload } : {}) });
  const asKey = (key: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Label A' });
    b = await createClient(db, { name: 'Label B' });
    await createUser(db, { email: 'boss@agency.test', password: PASSWORD, role: 'master' });
    await createUser(db, { email: 'ana@a.test', password: PASSWORD, role: 'client', clientId: a.id });
    await createUser(db, { email: 'vic@a.test', password: PASSWORD, role: 'viewer', clientId: a.id });
    bUserId = (await createUser(db, { email: 'bob@b.test', password: PASSWORD, role: 'client', clientId: b.id })).id;
    masterKey = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    bKey = await createApiKey(db, { clientId: b.id, name: 'b' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('signs in with a secure session cookie and a CSRF token; the same answer for an unknown email and a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'Ana@A.test', password: PASSWORD }, remoteAddress: '198.51.100.1' });
    expect(res.statusCode).toBe(200);
    const cookie = String([res.headers['set-cookie']].flat()[0]); // the session cookie (the device cookie follows)
    expect(cookie).toMatch(/^dt_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(res.json()).toMatchObject({ user: { email: 'ana@a.test', role: 'client', clientId: a.id }, csrfToken: expect.any(String) });
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: cookie.split(';')[0]! } });
    expect(me.json()).toEqual(res.json());
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ana@a.test', password: 'nope nope nope' }, remoteAddress: '198.51.100.1' });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@a.test', password: 'nope nope nope' }, remoteAddress: '198.51.100.1' });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('requires the CSRF token on every cookie-authenticated write', async () => {
    const s = await signIn('ana@a.test');
    const body = { slug: 'csrf-test', artistName: 'A', trackTitle: 'T', services: SERVICES };
    expect((await asSession(s, 'POST', '/api/v1/smartlinks', body, null)).json()).toMatchObject({ error: 'csrf' });
    expect((await asSession(s, 'POST', '/api/v1/smartlinks', body, 'forged-token')).statusCode).toBe(403);
    const ok = await asSession(s, 'POST', '/api/v1/smartlinks', body);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().clientId).toBe(a.id);
  });

  it('lets a viewer read and nothing else', async () => {
    const s = await signIn('vic@a.test');
    expect((await asSession(s, 'GET', '/api/v1/smartlinks')).statusCode).toBe(200);
    expect((await asSession(s, 'POST', '/api/v1/smartlinks', { slug: 'v', artistName: 'A', trackTitle: 'T', services: SERVICES })).json()).toEqual({ error: 'read_only', message: 'a viewer can only read' });
    expect((await asSession(s, 'POST', '/api/v1/auth/logout?next=/')).statusCode).toBe(204); // signing out is always allowed
  });

  it('ends a session on sign-out, and refuses an expired one', async () => {
    const s = await signIn('ana@a.test');
    expect((await asSession(s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await asSession(s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const old = await signIn('ana@a.test');
    await t.ctx.database.db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).execute();
    expect((await asSession(old, 'GET', '/api/v1/auth/me')).json()).toEqual({ error: 'unauthorized', message: 'the session has expired: sign in again' });
  });

  it('rate-limits sign-in per address', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `x${i}@a.test`, password: 'whatever!!' }, remoteAddress: '10.1.2.3' })).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@a.test', password: 'whatever!!' }, remoteAddress: '10.1.2.3' });
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('changes a password: the current one is checked, other sessions end, the audit log records it without secrets', async () => {
    const db = t.ctx.database.db;
    await createUser(db, { email: 'pw@a.test', password: PASSWORD, role: 'client', clientId: a.id });
    const here = await signIn('pw@a.test');
    const elsewhere = await signIn('pw@a.test');
    expect((await asSession(here, 'POST', '/api/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'a brand new secret' })).statusCode).toBe(403);
    expect((await asSession(here, 'POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' })).statusCode).toBe(400);
    expect((await asSession(here, 'POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new secret' })).statusCode).toBe(204);
    expect((await asSession(here, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await asSession(elsewhere, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await signIn('pw@a.test', 'a brand new secret');
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/argon2|brand new/);
  });

  it('creates API keys shown once, lists them without secrets, and revokes them at once', async () => {
    const created = await asKey(masterKey, 'POST', '/api/v1/keys', { name: 'reporting', clientId: a.id, readOnly: true });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({ name: 'reporting', clientId: a.id, readOnly: true, revokedAt: null });
    expect(key.key).toMatch(/^dtk_/);
    expect(key.prefix).toBe(key.key.slice(0, 12));
    const list = await asKey(masterKey, 'GET', '/api/v1/keys');
    expect(list.body).not.toContain(key.key);
    expect(list.body).not.toContain('key_hash');
    expect((await asKey(key.key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(200);
    expect((await asKey(masterKey, 'DELETE', `/api/v1/keys/${key.id}`)).statusCode).toBe(204);
    expect((await asKey(key.key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(401);
  });

  it.each([
    { name: 'an email that is not one', body: { email: 'nobody', password: PASSWORD, role: 'viewer' }, message: '"nobody" is not an email address' },
    { name: 'an unknown role', body: { email: 'r@a.test', password: PASSWORD, role: 'admin' }, message: 'role must be equal to one of the allowed values' },
    { name: 'a short password', body: { email: 'p@a.test', password: 'short', role: 'viewer' }, message: 'password must NOT have fewer than 10 characters' },
  ])('refuses a user with $name', async ({ body, message }) => {
    const res = await asKey(masterKey, 'POST', '/api/v1/users', { ...body, clientId: a.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
  });

  it('refuses a key without a name', async () => {
    const res = await asKey(masterKey, 'POST', '/api/v1/keys', { name: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('name must NOT have fewer than 1 characters');
  });

  it('lets a client create its own users and keys, never master ones', async () => {
    const s = await signIn('ana@a.test');
    const viewer = await asSession(s, 'POST', '/api/v1/users', { email: 'new-viewer@a.test', password: PASSWORD, role: 'viewer' });
    expect(viewer.statusCode).toBe(201);
    expect(viewer.json()).toMatchObject({ role: 'viewer', clientId: a.id });
    expect(viewer.body).not.toContain('password');
    expect((await asSession(s, 'POST', '/api/v1/users', { email: 'root@a.test', password: PASSWORD, role: 'master' })).statusCode).toBe(403);
    expect((await asSession(s, 'POST', '/api/v1/users', { email: 'new-viewer@a.test', password: PASSWORD, role: 'viewer' })).statusCode).toBe(409);
    expect((await asSession(s, 'POST', '/api/v1/keys', { name: 'mine' })).json()).toMatchObject({ clientId: a.id });
    expect((await asSession(s, 'POST', '/api/v1/keys', { name: 'all', clientId: null })).statusCode).toBe(403);
  });

  it('isolates accounts: client A (key or session) cannot see or touch client B’s users, keys or the audit log', async () => {
    const db = t.ctx.database.db;
    const aKey = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
    const s = await signIn('ana@a.test');
    const callers = [
      { name: 'key', call: (m: 'GET' | 'POST' | 'DELETE', url: string, body?: object) => asKey(aKey, m, url, body) },
      { name: 'session', call: (m: 'GET' | 'POST' | 'DELETE', url: string, body?: object) => asSession(s, m, url, body) },
    ];
    for (const { name, call } of callers) {
      expect((await call('DELETE', `/api/v1/users/${bUserId}`)).statusCode, name).toBe(404);
      expect((await call('DELETE', `/api/v1/keys/${bKey.id}`)).statusCode, name).toBe(404);
      expect((await call('POST', '/api/v1/users', { email: `planted-${name}@b.test`, password: PASSWORD, role: 'client', clientId: b.id })).statusCode, name).toBe(404);
      expect((await call('POST', '/api/v1/keys', { name: 'planted', clientId: b.id })).statusCode, name).toBe(404);
      expect((await call('GET', '/api/v1/audit')).statusCode, name).toBe(403);
      const users = (await call('GET', '/api/v1/users')).json();
      expect(users.data.every((u: { clientId: string }) => u.clientId === a.id), name).toBe(true);
      const keys = (await call('GET', '/api/v1/keys')).json();
      expect(keys.data.every((k: { clientId: string }) => k.clientId === a.id), name).toBe(true);
    }
    expect(await db.selectFrom('users').select('id').where('id', '=', bUserId).executeTakeFirst()).toBeDefined();
    expect((await db.selectFrom('api_keys').select('revoked_at').where('id', '=', bKey.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect((await asKey(bKey.key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(200);
    expect(await db.selectFrom('users').select('id').where('email', 'like', 'planted%').execute()).toEqual([]);
  });

  it('shows the audit log to master, newest first, filterable, with before and after', async () => {
    const s = await signIn('boss@agency.test');
    const res = await asSession(s, 'GET', `/api/v1/audit?clientId=${a.id}&action=user.create&limit=5`);
    expect(res.statusCode).toBe(200);
    const { data, page } = res.json();
    expect(page).toMatchObject({ limit: 5, offset: 0 });
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((e: { action: string; clientId: string }) => e.action === 'user.create' && e.clientId === a.id)).toBe(true);
    expect(data[0]).toMatchObject({ after: { email: 'new-viewer@a.test', role: 'viewer' }, before: null });
    expect(res.body).not.toMatch(/argon2|password_hash|key_hash/);
  });
});

// APP_HOST: sessions live only on the management host, and no smartlink page (so no client tag,
// which may run any script) is served there. A client's GTM can then never act as a signed-in user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct horse battery';

describe('APP_HOST', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { APP_HOST: 'admin.duotrack.test' });
    await createUser(t.ctx.database.db, { email: 'boss@agency.test', password: PASSWORD, role: 'master' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  const login = (host: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { host }, payload: { email: 'boss@agency.test', password: PASSWORD } });

  it('signs in only on the management host', async () => {
    expect((await login('links.duotrack.test')).json()).toEqual({ error: 'wrong_host', message: 'sign in on admin.duotrack.test' });
    expect((await login('admin.duotrack.test')).statusCode).toBe(200);
  });

  it('refuses the session cookie on any other host, such as the one serving smartlinks', async () => {
    const res = await login('admin.duotrack.test');
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect(String(res.headers['set-cookie'])).not.toMatch(/Domain=/i); // a host-only cookie
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/); // even if TLS ends at a proxy
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { host: 'admin.duotrack.test', cookie } })).statusCode).toBe(200);
    const elsewhere = await t.app.inject({ url: '/api/v1/auth/me', headers: { host: 'links.duotrack.test', cookie } });
    expect(elsewhere.json()).toEqual({ error: 'unauthorized', message: 'sessions are only valid on admin.duotrack.test' });
  });

  it('serves no smartlink page on the management host', async () => {
    expect((await t.app.inject({ url: '/demo', headers: { host: 'admin.duotrack.test' } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/demo', headers: { host: 'links.duotrack.test' } })).statusCode).toBe(200);
  });
});

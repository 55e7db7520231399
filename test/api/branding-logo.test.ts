// A client's branding logo is stored as its normalised href, whether created or changed through the
// API, so the smartlink page's CSP (which names the logo's host) lets the page load it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

describe.each(DIALECTS)('branding logo on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('stores a logo given with a leading space or in capitals as its normalised href, and the page’s CSP allows its host', async () => {
    const created = await call('POST', '/api/v1/clients', { name: 'Logo', branding: { logo: ' https://Img.Example.com/a.png' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().branding.logo).toBe('https://img.example.com/a.png');

    const id = created.json().id as string;
    const changed = await call('PATCH', `/api/v1/clients/${id}`, { branding: { logo: 'HTTPS://Cdn.Example.com/logo.png' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().branding.logo).toBe('https://cdn.example.com/logo.png');
    expect((await call('GET', `/api/v1/clients/${id}`)).json().branding.logo).toBe('https://cdn.example.com/logo.png');

    await createSmartlink(t.ctx.database.db, { clientId: id, slug: 'logo', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    const page = await t.app.inject({ url: '/logo', headers: { 'user-agent': PHONE_UA } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('https://cdn.example.com/logo.png');
    expect(/img-src ([^;]*)/.exec(String(page.headers['content-security-policy']))?.[1]?.split(' ')).toContain('https://cdn.example.com');
  });
});

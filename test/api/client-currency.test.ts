// A client's revenue currency on every database: set by master (any case in, ISO 4217 upper case
// stored), refused when it is no currency, not changeable by the client's own key, and carried by
// the master view's rows so revenue reads with its currency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

describe.each(DIALECTS)('client currency on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let own: string;
  let client: Client;

  const call = (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    client = await createClient(db, { name: 'Priced', conversionValue: 0.4 });
    own = (await createApiKey(db, { clientId: client.id, name: 'own' })).key;
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('is none until named; master names it in any case, stored upper case', async () => {
    expect((await call(master, 'GET', `/api/v1/clients/${client.id}`)).json().currency).toBeNull();
    const res = await call(master, 'PATCH', `/api/v1/clients/${client.id}`, { currency: 'eur' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().currency).toBe('EUR');
    const created = await call(master, 'POST', '/api/v1/clients', { name: 'In dollars', currency: 'USD' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().currency).toBe('USD');
  });

  it.each([['XYZ'], ['EU'], ['€€€']])('refuses %j with the field named', async (currency) => {
    const res = await call(master, 'PATCH', `/api/v1/clients/${client.id}`, { currency });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('currency');
  });

  it('is the agency’s: the client’s own key may not change it', async () => {
    const res = await call(own, 'PATCH', `/api/v1/clients/${client.id}`, { currency: 'GBP' });
    expect(res.statusCode).toBe(403);
    expect((await call(master, 'GET', `/api/v1/clients/${client.id}`)).json().currency).toBe('EUR');
  });

  it('is in the master view’s row of the client', async () => {
    const body = (await call(master, 'GET', '/api/v1/analytics/clients')).json();
    const row = (id: string) => body.clients.find((c: { clientId: string }) => c.clientId === id);
    expect(row(client.id)).toMatchObject({ name: 'Priced', currency: 'EUR' });
  });
});

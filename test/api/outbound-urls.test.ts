// A client's legacy mirror URL and Slack webhook are refused on save (400) when they name a
// non-public address in any form, unless the operator's allow-list (OUTBOUND_ALLOW_ADDRESSES) lets
// it through; a host name is judged at each connection instead (test/delivery/outbound.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SECRET = 'legacy-shared-secret-0123456789';

const PRIVATE = [
  { url: 'http://127.0.0.1:8080/hook', address: '127.0.0.1', range: 'loopback' },
  { url: 'http://2130706433/hook', address: '127.0.0.1', range: 'loopback' },
  { url: 'http://0x7f000001/hook', address: '127.0.0.1', range: 'loopback' },
  { url: 'http://[::1]/hook', address: '::1', range: 'loopback' },
  { url: 'http://169.254.169.254/latest/meta-data/', address: '169.254.169.254', range: 'linkLocal' },
  { url: 'https://10.0.0.8/hook', address: '10.0.0.8', range: 'private' },
];

describe.each(DIALECTS)('outbound URLs saved through the API on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let clientId: string;

  const call = (app: TestApp, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object) =>
    app.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${master}` }, payload });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { OUTBOUND_ALLOW_ADDRESSES: '' }); // no allow-list: production's default
    master = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it.each(PRIVATE)('refuses the mirror URL $url', async ({ url, address, range }) => {
    const res = await call(t, 'PUT', `/clients/${clientId}/mirror`, { url, secret: SECRET });
    expect(res.statusCode).toBe(400);
    const why = `${address} is not a public address (${range}): Duotrack does not send there`;
    expect(res.json()).toEqual({ error: 'invalid', message: `url: ${why}`, details: [{ instancePath: '/url', message: why }] }); // the field named, for the form
    expect(await t.ctx.database.db.selectFrom('client_migrations').select('mirror_url').where('client_id', '=', clientId).where('mirror_url', 'is not', null).execute()).toEqual([]);
  });

  it.each(PRIVATE)('refuses the Slack webhook $url, on create and on change', async ({ url, address, range }) => {
    const message = `settings.slackWebhookUrl: ${address} is not a public address (${range}): Duotrack does not send there`;
    const created = await call(t, 'POST', '/clients', { name: 'Hooked', settings: { slackWebhookUrl: url } });
    expect(created.statusCode).toBe(400);
    expect(created.json()).toEqual({ error: 'invalid', message });
    const changed = await call(t, 'PATCH', `/clients/${clientId}`, { settings: { slackWebhookUrl: url } });
    expect(changed.statusCode).toBe(400);
    expect(changed.json()).toEqual({ error: 'invalid', message });
  });

  it('accepts public URLs and host names (those are checked at each connection)', async () => {
    expect((await call(t, 'PUT', `/clients/${clientId}/mirror`, { url: 'https://legacy.example.com/hook', secret: SECRET })).statusCode).toBe(200);
    expect((await call(t, 'PATCH', `/clients/${clientId}`, { settings: { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x' } })).statusCode).toBe(200);
  });

  it('accepts a loopback webhook when the operator allows loopback', async () => {
    const allowed = await startTestApp(database, { OUTBOUND_ALLOW_ADDRESSES: '127.0.0.1' });
    try {
      expect((await call(allowed, 'PUT', `/clients/${clientId}/mirror`, { url: 'http://127.0.0.1:8080/hook', secret: SECRET })).statusCode).toBe(200);
      expect((await call(allowed, 'PATCH', `/clients/${clientId}`, { settings: { slackWebhookUrl: 'http://2130706433:8080/hook' } })).statusCode).toBe(200);
      expect((await call(allowed, 'PUT', `/clients/${clientId}/mirror`, { url: 'http://[::1]:8080/hook', secret: SECRET })).statusCode).toBe(400);
    } finally {
      await allowed.close();
    }
  });
});

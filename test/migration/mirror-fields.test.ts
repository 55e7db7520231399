// PUT /clients/{id}/mirror on every database: a refused mirror names its field in `details` (the
// web app marks that field): a URL that is not http(s) or names a refused address, a missing or
// short secret; nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

describe.each(DIALECTS)('mirror field errors on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let clientId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DELIVERY_INTERVAL_MS: '0', OUTBOUND_ALLOW_ADDRESSES: '' });
    master = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://legacy.example/hook', secret: 'a-secret-of-16-chars' }, '/url', 'an http(s) URL'],
    ['a URL naming a private address', { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars' }, '/url', '127.0.0.1 is not a public address'],
    ['no secret the first time', { url: 'https://legacy.example/hook' }, '/secret', 'required when setting a mirror for the first time'],
  ])('refuses %s, naming the field', async (_name, payload, instancePath, message) => {
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/clients/${clientId}/mirror`, headers: { authorization: `Bearer ${master}` }, payload });
    expect(res.statusCode).toBe(400);
    // the message names the field; the detail, tied to the field, says only what is wrong with it
    const body = res.json() as { error: string; message: string; details: { instancePath: string; message: string }[] };
    expect(body).toMatchObject({ error: 'invalid', details: [{ instancePath }] });
    expect(body.details[0]!.message.startsWith(message)).toBe(true);
    expect(body.message).toBe(`${instancePath.slice(1)}: ${body.details[0]!.message}`);
    expect(await t.ctx.database.db.selectFrom('client_migrations').selectAll().where('client_id', '=', clientId).execute()).toEqual([]);
  });
});

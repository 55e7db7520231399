// settings.maxSmartlinksPerMonth holds under concurrent creates: the count and the insert are one
// step (the client's row is locked on PostgreSQL; SQLite has one writer), on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe.each(DIALECTS)('monthly smartlink quota on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('20 concurrent creates with a quota of 3: exactly 3 created, the others 429 quota_exceeded', async () => {
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Busy Label', settings: { maxSmartlinksPerMonth: 3 } });
    const key = (await createApiKey(db, { clientId: client.id, name: 'busy' })).key;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/smartlinks',
          headers: { authorization: `Bearer ${key}` },
          payload: { slug: `busy-${i}`, artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    for (const refused of answers.filter((a) => a.statusCode === 429)) {
      expect(refused.json()).toEqual({ error: 'quota_exceeded', message: 'Busy Label may create 3 smartlinks a month (settings.maxSmartlinksPerMonth)' });
    }
    expect(await db.selectFrom('smartlinks').select('id').where('client_id', '=', client.id).execute()).toHaveLength(3);
  });
});

// Migrations on every database: the analytics ones (0006 onwards) go down and up again over a
// database with events and rollups, and the rollups still equal the events afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { migrator } from '../../src/db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', TRUST_PROXY: 'true' });
    key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const views = async () => {
    const res = await t.app.inject({ url: '/api/v1/analytics/overview', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().views as number;
  };

  it('go down to 0005 and up again, and the rollups are rebuilt from the events', async () => {
    for (let i = 0; i < 5; i++) await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA, 'x-forwarded-for': `81.2.69.${10 + i}` } });
    expect(await views()).toBe(5);

    const m = migrator(t.ctx.database);
    const down = await m.migrateTo('0005_alerts');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual(['0016_domain_verifications', '0015_import_leases', '0014_csp_reports', '0013_login_throttle', '0012_rollup_deltas', '0011_rollups_by_key', '0010_migration', '0009_forwarding', '0008_deliveries', '0007_privacy', '0006_analytics']);
    const up = await m.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results).toHaveLength(11);

    const pending = await t.ctx.database.db.selectFrom('rollup_deltas').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(5); // every event, to be folded again
    expect(await views()).toBe(5);
  });
});

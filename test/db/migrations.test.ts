// Migrations on every database: the analytics ones (0006 onwards) go down and up again over a
// database with events and rollups, and the rollups still equal the events afterwards; a custom
// domain set before verification existed is still served after the upgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { migrator } from '../../src/db/migrate.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
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
    expect(down.results?.map((r) => r.migrationName)).toEqual(['0026_client_currency', '0025_client_archive', '0024_memberships', '0023_rollups_compact', '0022_events_partitions', '0021_rollup_rebuilds', '0020_artwork_failures', '0019_smartlink_routing', '0018_artworks', '0017_smartlink_catalogue', '0016a_deliveries_backlog_index', '0016_domain_verifications', '0015_import_leases', '0014_csp_reports', '0013_login_throttle', '0012_rollup_deltas', '0011_rollups_by_key', '0010_migration', '0009_forwarding', '0008_deliveries', '0007_privacy', '0006_analytics']);
    const up = await m.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results).toHaveLength(22);

    const rebuilding = await t.ctx.database.db.selectFrom('rollup_rebuilds').selectAll().execute();
    expect(rebuilding).toHaveLength(1); // the demo client's rollups, to be rebuilt from its events
    expect(await views()).toBe(5);
  });

  it('keep serving a custom domain set before verification existed: 0016 records it as verified (grandfathered)', async () => {
    const db = t.ctx.database.db;
    const label = await createClient(db, { name: 'Old Label', domain: 'music.old-label.test', settings: { allowCustomDomains: true } });
    await createSmartlink(db, { clientId: label.id, slug: 'old-single', artistName: 'O', trackTitle: 'S', services: [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }], status: 'live' });
    const m = migrator(t.ctx.database);
    const down = await m.migrateTo('0015_import_leases'); // the database as it was before verification existed
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0016_domain_verifications');
    expect((await m.migrateToLatest()).error).toBeUndefined();
    t.ctx.lookup.invalidate();

    const page = (path: string) => t.app.inject({ url: path, headers: { host: 'music.old-label.test', 'user-agent': PHONE_UA } });
    expect((await page('/old-single')).statusCode).toBe(200);
    expect((await page('/demo')).statusCode).toBe(404); // a custom domain: only its own client's smartlinks
    expect((await t.app.inject({ url: '/tls/ask?domain=music.old-label.test' })).statusCode).toBe(200);
    const verification = await t.app.inject({ url: `/api/v1/clients/${label.id}/domain`, headers: { authorization: `Bearer ${key}` } });
    expect(verification.json()).toMatchObject({ domain: 'music.old-label.test', status: 'verified', method: 'grandfathered', served: true, failure: null });
    const row = await db.selectFrom('domain_verifications').selectAll().where('client_id', '=', label.id).executeTakeFirstOrThrow();
    expect(row.token).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(row.verified_at)).toBe(Number(row.checked_at));
  });
});

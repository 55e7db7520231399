// The smartlink lookup and custom domains, on every database: the TLS ask reads the domains served
// as one set, so a flood of asks for made-up names costs no database read and never pushes a
// served domain's client out of the page path's cache.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLandingLookup } from '../../src/links/landing-lookup.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { markDomainVerified } from '../support/domains.js';

/** More names than the lookup's caches hold (10,000 entries each). */
const FLOOD = 12_000;

describe.each(DIALECTS)('custom domains in the smartlink lookup on %s', (dialect) => {
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

  it('answers a flood of unknown names from memory, and keeps the served domain’s client cached', async () => {
    const db = t.ctx.database.db;
    const label = await createClient(db, { name: 'Label', domain: 'music.label.test', settings: { allowCustomDomains: true } });
    await markDomainVerified(db, label);
    let queries = 0;
    const counter: KyselyPlugin = { transformQuery: ({ node }) => (queries++, node), transformResult: async ({ result }) => result };
    const lookup = createLandingLookup({ ...t.ctx.database, db: db.withPlugin(counter) }, 60_000, (err) => expect.fail(err.message));
    try {
      expect(await lookup.servesDomain('music.label.test')).toBe(true);
      expect((await lookup.domainClient('music.label.test'))?.id).toBe(label.id);
      const before = queries;

      const asked = await Promise.all(Array.from({ length: FLOOD }, (_, i) => lookup.servesDomain(`random-${i}.test`)));
      expect(asked.filter(Boolean)).toEqual([]);
      expect(queries - before).toBe(0); // no database read for any of them

      // The client loses custom domains behind the cache's back: the cached answer still stands, so
      // the flood did not push it out (a reload would find the domain no longer served).
      await db.updateTable('clients').set({ settings: JSON.stringify({ ...label.settings, allowCustomDomains: false }) }).where('id', '=', label.id).execute();
      expect((await lookup.domainClient('music.label.test'))?.id).toBe(label.id);
      expect(queries - before).toBe(0);
      // A change announced (as the API does) is seen at once.
      lookup.invalidate();
      expect(await lookup.servesDomain('music.label.test')).toBe(false);
      expect(await lookup.domainClient('music.label.test')).toBeNull();
    } finally {
      await lookup.close();
    }
  });
});

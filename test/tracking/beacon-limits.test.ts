// What one view token can store through POST /e, on every database: the confirmations of at most
// CONFIRMED_TAPS taps of each service; a beacon for a later tap is refused (429) and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { CONFIRMED_TAPS } from '../../src/tracking/beacon.js';
import { clickIdFor, MAX_TAP } from '../../src/tracking/view-token.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

const FAN = { 'user-agent': PHONE_UA, 'x-forwarded-for': '81.2.69.160' };
const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };
const SERVICES = ['spotify', 'deezer'] as const;

describe.each(DIALECTS)('beacon limits on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let link: Smartlink;

  const confirmTap = (v: string, service: string, tap: number) =>
    t.app.inject({ method: 'POST', url: '/e', headers: FAN, payload: { v, s: 'taps', kind: 'click', service, tap, tags: ALL_LOADED, consent: 'not_required' } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const client = await createClient(t.ctx.database.db, { name: 'Taps' });
    const services = [
      { service: 'spotify', url: 'https://open.spotify.com/x' },
      { service: 'deezer', url: 'https://www.deezer.com/x' },
    ];
    link = await createSmartlink(t.ctx.database.db, { clientId: client.id, slug: 'taps', artistName: 'A', trackTitle: 'T', status: 'live', services });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it(`stores the confirmations of ${CONFIRMED_TAPS} taps per service of one view, and refuses the rest without storing them`, async () => {
    const page = await t.app.inject({ url: '/taps', headers: FAN });
    const view = JSON.parse(/<script type="application\/json" id="dt-view">([^<]*)<\/script>/.exec(page.body)![1]!) as { v: string; event_id: string };
    for (const service of SERVICES) {
      for (let tap = 0; tap < CONFIRMED_TAPS; tap++) expect((await confirmTap(view.v, service, tap)).statusCode).toBe(204);
    }
    for (const tap of [CONFIRMED_TAPS, CONFIRMED_TAPS + 1, MAX_TAP]) {
      const refused = await confirmTap(view.v, 'spotify', tap);
      expect([refused.statusCode, refused.json()]).toEqual([429, { error: 'rate_limited', message: `a view confirms at most ${CONFIRMED_TAPS} taps of a service: tap ${tap} is not stored` }]);
    }
    const stored = await t.ctx.database.db.selectFrom('events').select('confirms').where('smartlink_id', '=', link.id).where('type', '=', 'client').execute();
    const expected = SERVICES.flatMap((service) => Array.from({ length: CONFIRMED_TAPS }, (_, tap) => clickIdFor(view.event_id, service, tap)));
    expect(stored.map((e) => e.confirms).sort()).toEqual(expected.sort());
  });
});

// The range of tap numbers is declared once (MAX_TAP in view-token.ts): with it set lower, the
// click redirect follows it — the last tap in range gets the page's click id, the next one is not a
// tap from the page (a direct click with an id of its own).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { clickIdFor, MAX_TAP } from '../../src/tracking/view-token.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

vi.mock('../../src/tracking/view-token.js', async (original) => ({ ...(await original<object>()), MAX_TAP: 30 }));

const FAN = { 'user-agent': `${PHONE_UA} range`, 'x-forwarded-for': '81.2.69.160' };

describe.each(DIALECTS)('the tap range on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const client = await createClient(t.ctx.database.db, { name: 'Range' });
    await createSmartlink(t.ctx.database.db, { clientId: client.id, slug: 'range', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('numbers taps up to MAX_TAP, and no further', async () => {
    expect(MAX_TAP).toBe(30);
    const page = await t.app.inject({ url: '/range', headers: FAN });
    const view = JSON.parse(/<script type="application\/json" id="dt-view">([^<]*)<\/script>/.exec(page.body)![1]!) as { v: string; event_id: string };
    for (const n of [MAX_TAP, MAX_TAP + 1]) {
      const res = await t.app.inject({ url: `/range/spotify?v=${encodeURIComponent(view.v)}&n=${n}`, headers: FAN });
      expect(res.statusCode).toBe(302);
    }
    const clicks = (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.user_agent === FAN['user-agent']);
    expect(clicks).toHaveLength(2);
    const ids = clicks.map((c) => c.event_id);
    expect(ids).toContain(clickIdFor(view.event_id, 'spotify', MAX_TAP));
    expect(ids).not.toContain(clickIdFor(view.event_id, 'spotify', MAX_TAP + 1));
  });
});

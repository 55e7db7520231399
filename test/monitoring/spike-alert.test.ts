// The traffic-spike alert when there is no usual level to compare with, on every database: a new
// client's first 110 views say so (not "110.0 times the usual 0"); a client whose traffic is
// usually elsewhere in the day is told it usually has none at this hour; a real baseline keeps its
// ratio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createAlertEngine } from '../../src/monitoring/alerts.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const silent = { warn: () => undefined, error: () => undefined };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('traffic-spike wording on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  const now = Date.now();
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  /** A new client and, for each (instant, count), that many human views at that instant. */
  async function clientWith(name: string, views: readonly (readonly [at: number, count: number])[]): Promise<Client> {
    const db = t.ctx.database.db;
    const client = await createClient(db, { name });
    const link = await createSmartlink(db, { clientId: client.id, slug: `spike-${name.toLowerCase().replace(/\W/g, '')}`, artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    const view = (at: number) => {
      const i = seq++;
      return t.ctx.tracker.track(
        { method: 'GET', ip: `81.2.${Math.floor(i / 250) % 250}.${i % 250}`, userAgent: `${PHONE_UA} f${i}`, referrer: '', host: 'localhost', query: {}, headers: {}, now: at },
        { type: 'view', client, smartlink: link, service: null },
      ).stored;
    };
    for (const [at, count] of views) await Promise.all(Array.from({ length: count }, () => view(at)));
    return client;
  }

  /** The spike alert's message, and the level its figures name (the app words it from them). */
  async function alertOf(client: Client): Promise<{ message: string; level: unknown } | undefined> {
    const engine = createAlertEngine(t.ctx.database.db, silent, { outbound: createOutbound(t.ctx.config.outboundAllow), slackWebhookUrl: null, cooldownMs: 0 });
    await engine.evaluate(now);
    const row = await t.ctx.database.db.selectFrom('alerts').select(['message', 'details']).where('rule', '=', 'traffic_spike').where('scope', '=', client.id).executeTakeFirst();
    return row && { message: row.message, level: (JSON.parse(row.details ?? '{}') as { level?: unknown }).level };
  }

  it('a new client: its first views are a spike with no usual level yet, not a ratio to zero', async () => {
    const client = await clientWith('Newcomer', [[now - 10 * 60_000, 110]]);
    const alert = await alertOf(client);
    expect(alert).toEqual({ message: 'Newcomer: 110 views in the last hour; no usual level yet (no views in the previous 7 days: a new client or its first traffic).', level: 'none_yet' });
    expect(alert?.message).not.toContain('times the usual');
  });

  it('a client whose fans usually come at other hours: usually none at this hour', async () => {
    const elsewhere = [1, 2, 3, 4, 5, 6, 7].map((d) => [now - d * DAY - 5 * HOUR, 20] as const);
    const client = await clientWith('Night owls', [...elsewhere, [now - 10 * 60_000, 120]]);
    expect(await alertOf(client)).toEqual({ message: 'Night owls: 120 views in the last hour; usually none at this hour (median of the same hour on the previous 7 days: 0).', level: 'none_at_this_hour' });
  });

  it('a client with a usual level: the ratio to it', async () => {
    const usual = [1, 2, 3, 4, 5, 6, 7].map((d) => [now - d * DAY - 20 * 60_000, 20] as const);
    const client = await clientWith('Regular', [...usual, [now - 10 * 60_000, 100]]);
    expect(await alertOf(client)).toEqual({ message: 'Regular: 100 views in the last hour, 5.0 times the usual 20 (median of the same hour on the previous 7 days).', level: 'usual' });
  });
});

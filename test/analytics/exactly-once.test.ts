// Exactly-once rollups, on every database. A property test drives the store with random sequences
// of what production sends it — views (human, bots, prefetches), taps through the page (their
// click id derived from the view's) and direct clicks, the same tap sent twice (in one batch or a
// later one), browser confirmations before and after their event (and twice), prefetched pages
// then shown, erasures (event, session, visitor), retention purges, spool replays (of batches
// committed, spooled, or both; part of a spool stored, then all of it), folds at random points —
// and checks that the rollups equal a direct count of the raw events and the rows a rebuild from
// them writes, that the forwarding hook gets exactly the events each batch stored, and that every
// confirmation reached its event. Then the acceptance case through HTTP: the same tap sent twice
// counts one click and one conversion value in every report.
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { EventRow } from '../../src/db/schema.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { erase, type ErasureTarget } from '../../src/privacy/erasure.js';
import { purgeExpired } from '../../src/privacy/retention.js';
import { createClient } from '../../src/tenants/client.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { storeEvents } from '../../src/events/append.js';
import { clickIdFor } from '../../src/tracking/view-token.js';
import { visitorIds } from '../../src/tracking/visitor.js';
import { PHONE_UA } from '../support/events.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { rebuiltRows, ROLLUP_TABLES, rollupRows, totalsFromEvents, totalsFromRollups } from '../support/rollup-truth.js';

const START = Date.parse('2026-05-30T17:00:00Z'); // 10 hours: local midnight in Kolkata, Paris and UTC
const MINUTES = 600;
const DAY = 86_400_000;
const VALUE = 0.1; // a conversion value whose sums are inexact in binary
const SERVICES = ['spotify', 'deezer'] as const;

type Exclusion = 'crawler' | 'prefetch' | null;
type Op =
  | { readonly kind: 'view'; readonly link: number; readonly fan: number; readonly minute: number; readonly excluded: Exclusion }
  | { readonly kind: 'tap'; readonly view: number; readonly service: number; readonly tap: number }
  | { readonly kind: 'direct'; readonly link: number; readonly fan: number; readonly minute: number; readonly service: number; readonly bot: boolean }
  | { readonly kind: 'again'; readonly event: number }
  | { readonly kind: 'confirm'; readonly event: number }
  | { readonly kind: 'show'; readonly view: number }
  | { readonly kind: 'flush'; readonly outcome: 'committed' | 'spooled' | 'late' }
  | { readonly kind: 'replay'; readonly storedFirst: number }
  | { readonly kind: 'fold' }
  | { readonly kind: 'erase'; readonly event: number; readonly by: 'event' | 'session' | 'visitor' }
  | { readonly kind: 'purge'; readonly minute: number; readonly batchSize: number };

const index = fc.nat({ max: 20 }); // counted back from the latest: confirmations and repeated taps follow their event closely
const minute = fc.nat({ max: MINUTES - 1 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('view' as const), link: fc.nat({ max: 1 }), fan: fc.nat({ max: 3 }), minute, excluded: fc.constantFrom<Exclusion>(null, null, 'crawler', 'prefetch') }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tap' as const), view: index, service: fc.nat({ max: 1 }), tap: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('direct' as const), link: fc.nat({ max: 1 }), fan: fc.nat({ max: 3 }), minute, service: fc.nat({ max: 1 }), bot: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('again' as const), event: index }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('confirm' as const), event: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('show' as const), view: index }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flush' as const), outcome: fc.constantFrom('committed' as const, 'spooled' as const, 'late' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), storedFirst: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fold' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), event: index, by: fc.constantFrom('event' as const, 'session' as const, 'visitor' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), minute, batchSize: fc.integer({ min: 1, max: 20 }) }) },
);
interface Scenario {
  readonly timeZone: string;
  readonly ops: readonly Op[];
}
const SCENARIO: fc.Arbitrary<Scenario> = fc.record({
  timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Kolkata'),
  ops: fc.array(OP, { minLength: 1, maxLength: 50, size: 'max' }),
});

/** The `i`-th latest of a list (wrapping around); undefined when it is empty. */
const pick = <T>(list: readonly T[], i: number): T | undefined => list[list.length - 1 - (i % Math.max(1, list.length))];

describe.each(DIALECTS)('exactly-once rollups on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  /** One scenario, on a client of its own. */
  async function run({ timeZone, ops }: Scenario): Promise<void> {
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Scenario', timeZone, conversionValue: VALUE, settings: { analyticsRetentionDays: 1 } });
    const links: string[] = [];
    for (const n of [0, 1]) {
      const link = await createSmartlink(db, { clientId: client.id, slug: `s${client.id.slice(0, 8)}-${n}`, artistName: 'A', trackTitle: 'T', status: 'live', services: SERVICES.map((service) => ({ service, url: `https://${service}.example/x` })) });
      links.push(link.id);
    }
    const newId = (ts: number) => uuidv7({ msecs: ts });
    /** An event of fan `fan` on smartlink `link` at `ts`, as the pipeline builds it. */
    const event = (type: TrackedEvent['type'], link: number, fan: number, ts: number, excluded: Exclusion): Omit<TrackedEvent, 'event_id'> => ({
      type, client_id: client.id, smartlink_id: links[link] as string, service: null, ts,
      ip_truncated: '198.51.100.0', user_agent: PHONE_UA, referrer: null, referrer_host: null, channel: 'direct', country: fan % 2 ? 'FR' : 'US', region: null, city: null,
      utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null,
      device_type: 'mobile', os: 'iOS', browser: 'Mobile Safari', in_app: null, excluded_reason: excluded, excluded_detail: excluded && 'test',
      ...visitorIds('exactly-once', ts, client.id, links[link] as string, `198.51.100.${fan}`, PHONE_UA), opt_out: null,
      conversion_path: null, revenue: null, client_confirmed_at: null, client_tags: null, client_consent: null, confirms: null,
    });
    const click = (link: number, fan: number, ts: number, service: string, excluded: Exclusion, path: string[], id: string): TrackedEvent => ({
      ...event('click', link, fan, ts, excluded), event_id: id, service, conversion_path: JSON.stringify(path), revenue: excluded ? null : VALUE,
    });

    const views: { readonly event: TrackedEvent; readonly link: number; readonly fan: number }[] = [];
    const confirmable: TrackedEvent[] = []; // views and clicks
    const prefetched: TrackedEvent[] = [];
    const resendable: TrackedEvent[] = []; // clicks and confirmations: what a fan's browser may send twice
    let batch: TrackedEvent[] = [];
    let spool: TrackedEvent[] = [];
    let erasedOrPurged = false;

    const storedIds = async () => new Set((await db.selectFrom('events').select('event_id').where('client_id', '=', client.id).execute()).map((e) => e.event_id));
    /** Stores through the writer's commit; the forwarding hook must get exactly the events the batch added. */
    const store = async (events: readonly TrackedEvent[], replayed: boolean) => {
      const before = await storedIds();
      const enqueued: string[] = [];
      await storeEvents(t.ctx.database, events, { replayed, hooks: { enqueue: async (_trx, added) => void enqueued.push(...added.map((e) => e.event_id)), confirmed: async () => {} } });
      const added = [...(await storedIds())].filter((id) => !before.has(id));
      expect(enqueued.sort(), 'events given to the forwarding hook').toEqual(added.sort());
    };
    const clientEvents = () => db.selectFrom('events').selectAll().where('client_id', '=', client.id).execute();
    const expectRollupsEqualRawCounts = async () => {
      await t.ctx.rollups.fold();
      const direct = totalsFromEvents(await clientEvents());
      for (const table of ROLLUP_TABLES) expect(await totalsFromRollups(t.ctx, client.id, table), table).toEqual(direct);
    };

    for (const [position, op] of ops.entries()) {
      switch (op.kind) {
        case 'view': {
          const ts = START + op.minute * 60_000 + position;
          const view = { ...event('view', op.link, op.fan, ts, op.excluded), event_id: newId(ts) };
          views.push({ event: view, link: op.link, fan: op.fan });
          confirmable.push(view);
          if (op.excluded === 'prefetch') prefetched.push(view);
          batch.push(view);
          break;
        }
        case 'tap': {
          const from = pick(views, op.view);
          if (!from) break;
          const service = SERVICES[op.service] as string;
          // A crawler that follows links taps as a crawler; a prefetched page tapped was shown.
          const excluded = from.event.excluded_reason === 'crawler' ? 'crawler' : null;
          const tap = click(from.link, from.fan, from.event.ts + 5_000 + position, service, excluded, ['view', service], clickIdFor(from.event.event_id, service, op.tap));
          confirmable.push(tap);
          resendable.push(tap);
          batch.push(tap);
          break;
        }
        case 'direct': {
          const ts = START + op.minute * 60_000 + position;
          const service = SERVICES[op.service] as string;
          const direct = click(op.link, op.fan, ts, service, op.bot ? 'crawler' : null, [service], newId(ts));
          confirmable.push(direct);
          resendable.push(direct);
          batch.push(direct);
          break;
        }
        case 'again': {
          const again = pick(resendable, op.event);
          if (again) batch.push(again);
          break;
        }
        case 'confirm':
        case 'show': {
          // a browser's confirmation of a view or a click; of a prefetched view: the page was shown
          const of = op.kind === 'confirm' ? pick(confirmable, op.event) : pick(prefetched, op.view);
          if (!of) break;
          const at = of.ts + 1_500 + position;
          const confirmation: TrackedEvent = {
            ...of, event_id: newId(at), type: 'client', ts: at, excluded_reason: null, excluded_detail: null, conversion_path: null, revenue: null,
            client_confirmed_at: at, client_tags: '{"ga4":"loaded"}', client_consent: 'granted', confirms: of.event_id,
          };
          resendable.push(confirmation);
          batch.push(confirmation);
          break;
        }
        case 'flush': {
          // committed; spooled (the database was away); late: committed, but answered after the timeout, so spooled too
          if (op.outcome !== 'spooled') await store(batch, false);
          if (op.outcome !== 'committed') spool = [...spool, ...batch];
          batch = [];
          break;
        }
        case 'replay': {
          // A first chunk committed, then the replay starts over from the beginning (a restart).
          const first = op.storedFirst % (spool.length + 1);
          if (first > 0) await store(spool.slice(0, first), true);
          if (spool.length > 0) await store(spool, true);
          spool = [];
          break;
        }
        case 'fold':
          await expectRollupsEqualRawCounts();
          break;
        case 'erase': {
          const of = pick(confirmable, op.event);
          if (!of) break;
          const target: ErasureTarget = op.by === 'event' ? { eventId: of.event_id } : op.by === 'session' ? { sessionId: of.session_id as string } : { visitorId: of.visitor_id as string };
          await erase(t.ctx.database, client.id, target);
          erasedOrPurged = true;
          break;
        }
        case 'purge': {
          // Retention 1 day: this purges the events before START + minute (and those of earlier scenarios' clients).
          await purgeExpired(t.ctx.database, { now: START + op.minute * 60_000 + DAY, batchSize: op.batchSize });
          erasedOrPurged = true;
          break;
        }
      }
    }
    // The writer stores what is left, and replays its spool.
    await store(batch, false);
    await store(spool, true);

    await expectRollupsEqualRawCounts();
    const incremental = await rollupRows(t.ctx, client.id);
    expect(await rebuiltRows(t.ctx, client.id), 'a rebuild from the raw events').toEqual(incremental);

    const stored = await clientEvents();
    const byId = new Map(stored.map((e) => [e.event_id, e]));
    for (const c of stored.filter((e) => e.type === 'client')) {
      const confirmed = byId.get(c.confirms as string);
      if (!confirmed) continue; // erased or purged since (the confirmation was replayed alone)
      expect(confirmed.client_confirmed_at, `confirmation ${c.event_id} copied onto ${confirmed.event_id}`).not.toBeNull();
      if (confirmed.type === 'view') expect(confirmed.excluded_reason, `prefetched view ${confirmed.event_id} shown`).not.toBe('prefetch');
    }
    expectOneFirstViewPerVisitor(stored, erasedOrPurged);
  }

  it('counts every stored event exactly once, whatever the store receives', async () => {
    await fc.assert(fc.asyncProperty(SCENARIO, run), { numRuns: 40 });
  }, 240_000);
});

/**
 * Each visitor's first view of a smartlink is flagged once: never two, and exactly one of its
 * human views unless an erasure or a purge took it (the claim outlives the event).
 */
function expectOneFirstViewPerVisitor(stored: readonly EventRow[], erasedOrPurged: boolean): void {
  const firsts = new Map<string, number>();
  for (const e of stored) {
    if (e.type !== 'view' || e.excluded_reason !== null) continue;
    const key = `${e.visitor_id}|${e.smartlink_id}`;
    firsts.set(key, (firsts.get(key) ?? 0) + Number(e.is_unique));
  }
  for (const [key, n] of firsts) expect(n, `first views of ${key}`).toBeLessThanOrEqual(1);
  if (!erasedOrPurged) for (const [key, n] of firsts) expect(n, `first views of ${key}`).toBe(1);
}

describe.each(DIALECTS)('the same tap sent twice on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;
  let clientId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('smartlinks').select('client_id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).client_id;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${clientId}`, headers: { authorization: `Bearer ${key}` }, payload: { conversionValue: 2.5 } });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const api = async (path: string) => {
    const res = await t.app.inject({ url: `/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}clientId=${clientId}`, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  /** Clicks and revenue as each report shows them: the overview, the service breakdown, the daily series, the CSV export. */
  const reports = async () => {
    const overview = (await api('overview')).json();
    const [spotify, ...others] = (await api('breakdown/service')).json().rows;
    const points: { clicks: number; revenue: number }[] = (await api('timeseries?interval=day')).json().points;
    const [header, ...lines] = (await api('export.csv')).body.trim().split('\r\n').map((line) => line.split(','));
    const column = (name: string) => (header as string[]).indexOf(name);
    return {
      overview: { views: overview.views, clicks: overview.clicks, revenue: overview.revenue },
      service: { value: spotify.value, clicks: spotify.clicks, revenue: spotify.revenue, others: others.length },
      timeseries: { clicks: points.reduce((n, p) => n + p.clicks, 0), revenue: points.reduce((n, p) => n + p.revenue, 0) },
      csv: lines.map((l) => ({ views: Number(l[column('views')]), clicks: Number(l[column('clicks')]), revenue: Number(l[column('revenue')]) })),
    };
  };
  const ONE_CLICK = {
    overview: { views: 1, clicks: 1, revenue: 2.5 },
    service: { value: 'spotify', clicks: 1, revenue: 2.5, others: 0 },
    timeseries: { clicks: 1, revenue: 2.5 },
    csv: [{ views: 1, clicks: 1, revenue: 2.5 }],
  };

  it('counts one click and one conversion value in every report', async () => {
    const page = await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } });
    expect(page.statusCode).toBe(200);
    const view = JSON.parse(/<script type="application\/json" id="dt-view">([^<]*)<\/script>/.exec(page.body)?.[1] as string) as { v: string; event_id: string };
    const tap = async () => {
      const res = await t.app.inject({ url: `/demo/spotify?v=${encodeURIComponent(view.v)}&n=0`, headers: { 'user-agent': PHONE_UA } });
      expect(res.statusCode).toBe(302);
    };
    await Promise.all([tap(), tap()]); // a double tap: most likely one batch
    await tap(); // the tap resent: a later batch
    expect(await reports()).toEqual(ONE_CLICK);
    await tap(); // once more, after a fold
    expect(await reports()).toEqual(ONE_CLICK);
    const clicks = await t.ctx.database.db.selectFrom('events').select('event_id').where('client_id', '=', clientId).where('type', '=', 'click').execute();
    expect(clicks).toEqual([{ event_id: clickIdFor(view.event_id, 'spotify', 0) }]);
  });
});

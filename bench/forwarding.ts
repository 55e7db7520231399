// Forwarding suite: how fast the delivery queue drains server-side forwarding. N human views are
// stored through the real event store (which enqueues their Meta and TikTok deliveries in the same
// transaction), then the queue, with the real Meta and TikTok destinations (payloads, consent
// decision from the stored events, HTTP), drains them to a local fake of both platforms.
// Reported: deliveries per second, platform events per second (a view is two Meta events).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase, type Database, type Dialect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDeliveryQueue } from '../src/delivery/queue.js';
import type { ForwardContext } from '../src/forwarding/capture.js';
import type { TrackedEvent } from '../src/tracking/event.js';
import { forwardingDestinations } from '../src/forwarding/destinations.js';
import { forwardingHooks } from '../src/forwarding/enqueue.js';
import { createIpMemory } from '../src/forwarding/ip-memory.js';
import { createOutbound } from '../src/delivery/outbound.js';
import { createSecretBox } from '../src/tenants/secrets.js';
import { updateForwarding } from '../src/forwarding/settings.js';
import { createSmartlink } from '../src/links/smartlink.js';
import { createClient } from '../src/tenants/client.js';
import { storeEvents } from '../src/events/append.js';
import { createSchema, postgresReachable } from '../test/support/postgres.js';

export interface ForwardingResult {
  readonly database: Dialect;
  readonly views: number;
  readonly deliveries: number;
  readonly platformEvents: number;
  readonly enqueueSeconds: number;
  readonly drainSeconds: number;
  readonly deliveriesPerSecond: number;
  readonly platformEventsPerSecond: number;
  readonly requests: number;
  readonly sent: number;
}

/** Meta and TikTok, answering at once; counts requests and events. */
async function fakePlatforms() {
  let requests = 0;
  let events = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      events += (JSON.parse(Buffer.concat(chunks).toString()) as { data: unknown[] }).data.length;
      const tiktok = req.url?.startsWith('/open_api/');
      res.writeHead(200, { 'content-type': 'application/json' }).end(tiktok ? '{"code":0,"message":"OK"}' : '{"events_received":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ requests, events }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function benchOne(dialect: Dialect, url: string, views: number, fakeUrl: string): Promise<Omit<ForwardingResult, 'requests' | 'platformEvents'>> {
  const database: Database = openDatabase(url);
  try {
    await migrateToLatest(database);
    const client = await createClient(database.db, { name: 'Bench label', consentRegions: ['FR'], tracking: { facebook: '123456789012345', tiktok: 'CABCDEFGHIJ1234567890' } });
    const link = await createSmartlink(database.db, { clientId: client.id, slug: 'bench-forward', artistName: 'Artist', trackTitle: 'Track', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }] });
    const box = createSecretBox('bench-secret');
    await updateForwarding(database.db, box, client.id, { meta: { enabled: true, accessToken: 'bench-meta-token' }, tiktok: { enabled: true, accessToken: 'bench-tiktok-token' } });
    const hooks = forwardingHooks(database, { graceMs: 60_000 });
    const forward: ForwardContext = {
      ids: { meta: '123456789012345', tiktok: 'CABCDEFGHIJ1234567890' }, url: 'https://example.com/bench-forward', artistName: 'Artist', trackTitle: 'Track',
      consentRegion: false, storedChoice: null, fbp: 'fb.1.1700000000000.1234567890', fbc: null, fbclid: null, ttp: '2F7h37YkS1j57AYSKTI7IHhJPYH', ttclid: null, gaClientId: null,
    };
    const now = Date.now();
    const enqueueStart = performance.now();
    for (let i = 0; i < views; i += 1000) {
      const batch: TrackedEvent[] = [];
      for (let k = i; k < Math.min(views, i + 1000); k++) {
        const ts = now - 60_000 + Math.floor((k / views) * 50_000);
        batch.push({
          event_id: uuidv7({ msecs: ts }), type: 'view', client_id: client.id, smartlink_id: link.id, service: null, ts,
          ip_truncated: '203.0.113.0', country: 'US', region: null, city: null, user_agent: 'Mozilla/5.0 (iPhone) bench', device_type: 'mobile', os: 'iOS', browser: 'Mobile Safari', in_app: null,
          referrer: null, referrer_host: null, channel: 'direct', utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null,
          excluded_reason: null, excluded_detail: null, visitor_id: `v${k}`, session_id: `s${k}`, opt_out: null, conversion_path: null, revenue: null,
          client_confirmed_at: null, client_tags: null, client_consent: null, confirms: null, forward,
        });
      }
      await storeEvents(database, batch, { hooks });
    }
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;
    const deliveries = Number((await database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const queue = createDeliveryQueue({
      database,
      destinations: forwardingDestinations({ config: { ga4MpUrl: fakeUrl, ga4MpEuUrl: fakeUrl, metaGraphUrl: fakeUrl, tiktokEventsUrl: fakeUrl, forwardingTimeoutMs: 10_000 }, database, box, ipMemory: createIpMemory(), outbound: createOutbound(['127.0.0.1']) }),
    });
    const drainStart = performance.now();
    const result = await queue.drain();
    const drainSeconds = (performance.now() - drainStart) / 1000;
    return { database: dialect, views, deliveries, enqueueSeconds, drainSeconds, deliveriesPerSecond: Math.round(result.sent / drainSeconds), platformEventsPerSecond: 0, sent: result.sent };
  } finally {
    await database.close();
  }
}

export async function benchForwarding({ databases, deliveries }: { databases: readonly Dialect[]; deliveries: number }): Promise<ForwardingResult[]> {
  const views = Math.ceil(deliveries / 2); // each view: one Meta delivery (two events), one TikTok delivery
  const results: ForwardingResult[] = [];
  for (const dialect of databases) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      console.log('forwarding: PostgreSQL not reachable, skipped');
      continue;
    }
    const fake = await fakePlatforms();
    const dir = mkdtempSync(join(tmpdir(), 'dt-bench-fwd-'));
    const schema = dialect === 'postgres' ? await createSchema() : null;
    try {
      const r = await benchOne(dialect, schema ? schema.url : `sqlite:${join(dir, 'bench.db')}`, views, fake.url);
      const { requests, events } = fake.stats();
      results.push({ ...r, requests, platformEvents: events, platformEventsPerSecond: Math.round(events / r.drainSeconds) });
    } finally {
      await fake.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export function printForwarding(results: readonly ForwardingResult[]): void {
  console.log('\nServer-side forwarding: the delivery queue draining Meta + TikTok deliveries to a local fake');
  console.log('database  | deliveries | enqueue (s) | drain (s) | deliveries/s | platform events/s | requests');
  for (const r of results) {
    console.log(
      `${r.database.padEnd(9)} | ${String(r.sent).padStart(10)} | ${r.enqueueSeconds.toFixed(1).padStart(11)} | ${r.drainSeconds.toFixed(1).padStart(9)} | ${String(r.deliveriesPerSecond).padStart(12)} | ${String(r.platformEventsPerSecond).padStart(17)} | ${r.requests}`,
    );
  }
}

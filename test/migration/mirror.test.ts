// The legacy mirror, end to end on every database: a client in `dual` with a mirror has every view
// and click (human and excluded, with their flags) delivered to a local webhook that checks each
// request's signature — across a receiver outage (503s, then back up), deduplicating by event id —
// and none once the client is switched to `duotrack`. The secret is never returned, and stored
// sealed. No raw IP leaves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createDeliveryQueue, type DeliveryQueue } from '../../src/delivery/queue.js';
import { mirrorDestination, signature, verifySignature, type MirroredEvent } from '../../src/migration/mirror.js';
import { createSecretBox } from '../../src/tenants/secrets.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const SECRET = 'legacy-shared-secret-0123456789';
const IP = '81.2.69.142';

interface Receiver {
  url: string;
  up: boolean;
  requests: number;
  rejected: number;
  refusedWhileDown: number;
  events: Map<string, MirroredEvent>;
  duplicates: number;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const r: Receiver = { url: '', up: true, requests: 0, rejected: 0, refusedWhileDown: 0, events: new Map(), duplicates: 0, server: createServer() };
  r.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.requests++;
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!r.up) {
        r.refusedWhileDown++;
        return void res.writeHead(503).end();
      }
      const ok = verifySignature(SECRET, { signature: req.headers['x-duotrack-signature'] as string, timestamp: req.headers['x-duotrack-timestamp'] as string }, raw);
      if (!ok) {
        r.rejected++;
        return void res.writeHead(401).end();
      }
      for (const e of (JSON.parse(raw) as { events: MirroredEvent[] }).events) {
        if (r.events.has(e.event_id)) r.duplicates++; // what a receiver must do: dedupe by event id
        else r.events.set(e.event_id, e);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/duotrack`;
  return r;
}

describe('mirror signatures', () => {
  it.each([
    { name: 'the right secret, fresh', secret: SECRET, skew: 0, body: '{"events":[]}', ok: true },
    { name: 'another secret', secret: 'someone-else-secret-000', skew: 0, body: '{"events":[]}', ok: false },
    { name: 'a replay ten minutes later', secret: SECRET, skew: 600, body: '{"events":[]}', ok: false },
    { name: 'a changed body', secret: SECRET, skew: 0, body: '{"events":[{}]}', ok: false },
  ])('verifies $name: $ok', ({ secret, skew, body, ok }) => {
    const ts = 1_800_000_000;
    expect(verifySignature(SECRET, { signature: signature(secret, ts, '{"events":[]}'), timestamp: String(ts) }, body, ts + skew)).toBe(ok);
  });
});

describe.each(DIALECTS)('legacy mirror on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let receiver: Receiver;
  let master: string;
  let clientId: string;
  let queue: DeliveryQueue;
  let now = Date.now();

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${master}` }, ...(payload ? { payload } : {}) });
  const visit = (url: string, ua = PHONE_UA, method: 'GET' | 'HEAD' = 'GET') => t.app.inject({ method, url, headers: { 'user-agent': ua, 'x-forwarded-for': IP } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DELIVERY_INTERVAL_MS: '0', TRUST_PROXY: '127.0.0.1' }); // this test drives the queue itself
    receiver = await startReceiver();
    master = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
    queue = createDeliveryQueue({
      database: t.ctx.database,
      destinations: [mirrorDestination({ db: t.ctx.database.db, box: createSecretBox('test-secret'), batchSize: 3, outbound: createOutbound(t.ctx.config.outboundAllow) }) as never],
      baseDelayMs: 1000,
      random: () => 1,
      clock: () => now,
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
    await database?.cleanup();
  });

  it('sets a mirror whose secret is never shown, and is stored sealed', async () => {
    const res = await call('PUT', `/api/v1/clients/${clientId}/mirror`, { url: receiver.url, secret: SECRET });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'duotrack', mirror: { url: receiver.url, enabled: true, secretSet: true }, mirroring: false });
    expect(res.body).not.toContain(SECRET);
    const client = await call('GET', `/api/v1/clients/${clientId}`);
    expect(client.json().migration).toMatchObject({ mode: 'duotrack', mirror: { secretSet: true } });
    expect(client.body).not.toContain(SECRET);
    const row = await t.ctx.database.db.selectFrom('client_migrations').selectAll().executeTakeFirstOrThrow();
    expect(row.mirror_secret).not.toContain(SECRET);
    expect(createSecretBox('test-secret').open(row.mirror_secret as string, clientId)).toBe(SECRET);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'client.mirror').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('mirrors nothing while the client is on duotrack', async () => {
    await visit('/demo');
    expect(await t.ctx.database.db.selectFrom('deliveries').selectAll().execute()).toHaveLength(0);
  });

  it('delivers every view and click, human and excluded, across a receiver outage, each once after dedupe', async () => {
    expect((await call('POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'dual' })).json()).toMatchObject({ mode: 'dual', previousMode: 'duotrack', mirroring: true });
    receiver.up = false;
    for (let i = 0; i < 4; i++) await visit('/demo', `${PHONE_UA} fan${i}`);
    await visit('/demo/spotify');
    await visit('/demo/deezer');
    await visit('/demo', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await visit('/demo', PHONE_UA, 'HEAD');
    const stored = await t.ctx.database.db.selectFrom('events').select(['event_id', 'type', 'excluded_reason']).where('type', '!=', 'client').execute();
    const expected = new Set(stored.map((e) => e.event_id));
    const pending = await t.ctx.database.db.selectFrom('deliveries').select(['id', 'state']).execute();
    expect(pending.filter((d) => d.state === 'pending')).toHaveLength(stored.length - 1); // all but the view before the switch

    // down: every batch answered 503, retried later
    now = Date.now() + 1000;
    expect(await queue.runRound()).toMatchObject({ sent: 0, dead: 0 });
    expect(receiver.refusedWhileDown).toBeGreaterThan(0);
    now += 1000;
    expect((await queue.runRound()).sent).toBe(0);
    // back up: the next rounds deliver everything
    receiver.up = true;
    now += 10_000;
    await queue.drain();
    // an interrupted send is resent (the destination dedupes): simulate by resetting one delivered row
    const one = (await t.ctx.database.db.selectFrom('deliveries').select('id').where('state', '=', 'sent').executeTakeFirstOrThrow()).id;
    await t.ctx.database.db.updateTable('deliveries').set({ state: 'pending', leased_until: now - 1, next_attempt_at: now }).where('id', '=', one).execute();
    await queue.drain();

    expect(receiver.rejected).toBe(0);
    expect(receiver.duplicates).toBeGreaterThan(0);
    const received = [...receiver.events.values()];
    const beforeSwitch = [...expected].filter((id) => !receiver.events.has(id));
    expect(beforeSwitch).toHaveLength(1); // the view stored while on duotrack
    expect(received).toHaveLength(expected.size - 1);
    expect(received.filter((e) => e.type === 'click').map((e) => e.service).sort()).toEqual(['deezer', 'spotify']);
    expect(received.find((e) => e.excluded_reason === 'crawler')).toMatchObject({ human: false, type: 'view' });
    expect(received.find((e) => e.excluded_reason === 'head_request')).toMatchObject({ human: false });
    expect(received.filter((e) => e.human && e.type === 'view')).toHaveLength(4);
    expect(received.every((e) => e.client_id === clientId)).toBe(true);
    expect(JSON.stringify(received)).not.toContain(IP);
    expect(new Set(received.map((e) => e.ip_truncated))).toEqual(new Set(['81.2.69.0']));
    const states = await t.ctx.database.db.selectFrom('deliveries').select('state').execute();
    expect(states.every((s) => s.state === 'sent')).toBe(true);
  });

  it('stops mirroring once switched to duotrack, and a rollback resumes it', async () => {
    expect((await call('POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'duotrack' })).json()).toMatchObject({ mode: 'duotrack', previousMode: 'dual', mirroring: false });
    const count = async () => (await t.ctx.database.db.selectFrom('deliveries').select('id').execute()).length;
    const before = await count();
    const received = receiver.events.size;
    await visit('/demo');
    expect(await count()).toBe(before);
    expect((await call('POST', `/api/v1/clients/${clientId}/tracking-mode/rollback`)).json()).toMatchObject({ mode: 'dual', previousMode: 'duotrack', mirroring: true });
    await visit('/demo');
    expect(await count()).toBe(before + 1);
    now = Date.now() + 1000;
    await queue.drain();
    expect(receiver.events.size).toBe(received + 1);
  });
});

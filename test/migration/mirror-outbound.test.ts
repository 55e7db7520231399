// The legacy mirror through the outbound guard, on every database: a webhook that redirects is a
// failure with its reason (the signed POST is never replayed elsewhere, never recorded as sent),
// and without the operator's allow-list a webhook whose host name resolves to loopback is refused
// at connection time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createOutbound, type Outbound } from '../../src/delivery/outbound.js';
import { createDeliveryQueue } from '../../src/delivery/queue.js';
import { mirrorDestination } from '../../src/migration/mirror.js';
import { createSecretBox } from '../../src/tenants/secrets.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const SECRET = 'legacy-shared-secret-0123456789';

describe.each(DIALECTS)('legacy mirror through the outbound guard on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let legacy: Server;
  let port = 0;
  const hits: string[] = [];
  let master: string;
  let clientId: string;
  let now = Date.now();

  const call = (method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${master}` }, payload });
  const deliveries = () => t.ctx.database.db.selectFrom('deliveries').select(['state', 'last_error']).where('destination', '=', 'mirror').execute();
  /** One view mirrored to `url`, and one round of the queue sending through `outbound`. */
  async function mirrorOneView(url: string, outbound: Outbound) {
    await t.ctx.database.db.deleteFrom('deliveries').execute();
    expect((await call('PUT', `/api/v1/clients/${clientId}/mirror`, { url, secret: SECRET })).statusCode).toBe(200);
    await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } });
    now += 3_600_000;
    const queue = createDeliveryQueue({ database: t.ctx.database, destinations: [mirrorDestination({ db: t.ctx.database.db, box: createSecretBox('test-secret'), outbound }) as never], clock: () => now });
    return queue.runRound();
  }

  beforeAll(async () => {
    legacy = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      req.resume();
      if (req.url === '/moved') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
    port = (legacy.address() as AddressInfo).port;
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DELIVERY_INTERVAL_MS: '0' }); // this test drives the queue itself
    master = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
    await call('PUT', `/api/v1/clients/${clientId}/mirror`, { url: `http://127.0.0.1:${port}/hook`, secret: SECRET });
    await call('POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'dual' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
    await new Promise((resolve) => legacy?.close(resolve));
  });

  it('does not follow a redirect: the delivery fails with where it pointed, and is not sent', async () => {
    hits.splice(0);
    expect(await mirrorOneView(`http://127.0.0.1:${port}/moved`, createOutbound(t.ctx.config.outboundAllow))).toMatchObject({ sent: 0, retried: 1 });
    expect(await deliveries()).toEqual([{ state: 'pending', last_error: `redirected to http://127.0.0.1:${port} (HTTP 302), not followed` }]);
    expect(hits).toEqual(['POST /moved']);
  });

  it('without the allow-list, refuses a webhook whose host name resolves to loopback, at connection time', async () => {
    hits.splice(0);
    expect(await mirrorOneView(`http://localhost:${port}/hook`, createOutbound([]))).toMatchObject({ sent: 0, retried: 1 });
    const [delivery] = await deliveries();
    expect(delivery?.state).toBe('pending');
    expect(delivery?.last_error).toMatch(/is not allowed/);
    expect(hits).toEqual([]);
  });

  it('with loopback allowed, the same webhook is sent', async () => {
    hits.splice(0);
    expect(await mirrorOneView(`http://localhost:${port}/hook`, createOutbound(t.ctx.config.outboundAllow))).toMatchObject({ sent: 1 });
    expect(hits).toEqual(['POST /hook']);
  });
});

// Whatever a client sends, the answer is a clean 4xx (or a 200/404 page), never a 5xx.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { storedEvents } from '../support/events.js';

describe('bad input on the public routes', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it.each([
    { name: 'a very long slug', url: `/${'a'.repeat(5000)}` },
    { name: 'a slug just over the limit', url: `/${'a'.repeat(65)}` },
    { name: 'a very long service', url: `/demo/${'s'.repeat(5000)}` },
    { name: 'invalid percent-encoding in the slug', url: '/%E0%A4%A' },
    { name: 'invalid percent-encoding in the service', url: '/demo/%ZZ' },
    { name: 'an encoded NUL', url: '/demo%00' },
    { name: 'encoded slashes and dots', url: '/..%2F..%2Fetc%2Fpasswd' },
    { name: 'a unicode slug', url: '/d%C3%A9mo' },
    { name: 'an emoji service', url: '/demo/%F0%9F%8E%B5' },
    { name: 'three path segments', url: '/demo/spotify/extra' },
    { name: 'a query with broken encoding', url: '/demo?utm_source=%E0%A4%A&x=%' },
    { name: 'a huge query string', url: `/demo?utm_campaign=${'c'.repeat(20_000)}` },
    { name: 'repeated utm parameters', url: '/demo?utm_source=a&utm_source=b&utm_source[]=c' },
    { name: 'a dot-only slug', url: '/.' },
    { name: 'upper-case slug and service', url: '/DEMO/SPOTIFY' },
  ])('$name → no 5xx', async ({ url }) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
  });

  it.each([
    { name: 'a malformed X-Forwarded-For', headers: { 'x-forwarded-for': 'not-an-ip, , ;;' } },
    { name: 'an X-Forwarded-For chain of 500 hops', headers: { 'x-forwarded-for': Array(500).fill('1.2.3.4').join(', ') } },
    { name: 'a garbage referrer', headers: { referer: '::::not a url' } },
    { name: 'a javascript: referrer', headers: { referer: 'javascript:alert(1)' } },
    { name: 'an 8 KB user agent', headers: { 'user-agent': 'Mozilla/5.0 '.repeat(700) } },
    { name: 'control characters in the user agent', headers: { 'user-agent': 'Mozilla/5.0 \u0001\u0002\u007f' } },
    { name: 'a garbage Sec-Purpose', headers: { 'sec-purpose': ';;;===' } },
    { name: 'a Host with a port and trailing dot', headers: { host: 'LOCALHOST.:8080' } },
  ])('$name → page served, view stored', async ({ headers }) => {
    const before = (await storedEvents(t.ctx)).length;
    const res = await t.app.inject({ url: '/demo', headers });
    expect(res.statusCode).toBe(200);
    expect((await storedEvents(t.ctx)).length).toBe(before + 1);
  });

  it('stores at most 512 characters of a user agent', async () => {
    await t.app.inject({ url: '/demo', headers: { 'user-agent': `long-ua ${'x'.repeat(4000)}` } });
    const stored = (await storedEvents(t.ctx)).find((e) => e.user_agent.startsWith('long-ua'));
    expect(stored?.user_agent).toHaveLength(512);
  });

  it('answers 405/404, not 5xx, to other methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
      const res = await t.app.inject({ method, url: '/demo', payload: 'x' });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  /** Sends raw bytes to the app on a real socket (inject() bypasses Node's HTTP parser limits). */
  async function raw(request: string): Promise<string> {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    return new Promise<string>((resolve) => {
      let data = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
  }

  it('answers 431 to headers larger than the server accepts', async () => {
    expect(await raw(`GET /demo HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
  });

  it('answers 400 to a request line that is not HTTP', async () => {
    expect(await raw('\u0000\u0001garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
  });
});

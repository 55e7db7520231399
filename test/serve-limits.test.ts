// What one client may hold of a real listening server (raw sockets, as an attacker would use):
// a request whose body (or headers) stops arriving is answered 408 and closed at the deadline, and
// one address may keep only MAX_CONNECTIONS_PER_IP connections open while every other address,
// and that address again once one of its connections ends, is served.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { addressKey } from '../src/server-limits.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/app.js';

const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: links.test\r\n\r\n';

/** A raw connection: what the server sent, and whether (and when) it closed. */
interface Connection {
  readonly socket: net.Socket;
  readonly opened: number;
  received: string;
  closedAt: number | null;
  /** Resolves once the socket is closed, with how long it was open. */
  readonly closed: Promise<number>;
}

function connect(port: number, localAddress = '127.0.0.1'): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let markClosed: (ms: number) => void = () => {};
    const connection: Connection = { socket, opened: Date.now(), received: '', closedAt: null, closed: new Promise((r) => (markClosed = r)) };
    socket.on('data', (d) => (connection.received += d.toString()));
    socket.on('error', () => {}); // a reset is a close, observed below
    socket.on('close', () => {
      connection.closedAt = Date.now();
      markClosed(connection.closedAt - connection.opened);
    });
    socket.once('connect', () => resolve(connection));
    socket.once('error', reject);
  });
}

/** Waits until the server has sent a whole response head on the connection, or it closed. */
async function responseOf(c: Connection, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!c.received.includes('\r\n\r\n') && c.closedAt === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return c.received.split('\r\n')[0] ?? '';
}

/** How long the server kept the connection open (ms); Infinity if it still is after `limitMs`. */
function closedWithin(c: Connection, limitMs: number): Promise<number> {
  return Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), limitMs))]);
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as net.AddressInfo).port;
}

describe('request deadlines on a listening server', () => {
  let database: TestDatabase;
  let t: TestApp;
  let port: number;
  const open: Connection[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { REQUEST_TIMEOUT_MS: '600', HEADERS_TIMEOUT_MS: '300' });
    port = await listen(t);
  });
  afterEach(() => open.splice(0).forEach((c) => c.socket.destroy()));
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('answers 408 and closes a request whose body stops arriving', async () => {
    const c = await connect(port);
    open.push(c);
    c.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: links.test\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"email":"');
    const openMs = await closedWithin(c, 5000);
    expect(openMs).toBeGreaterThanOrEqual(500);
    expect(openMs).toBeLessThan(2000);
    expect(c.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a request whose headers stop arriving, at the headers deadline', async () => {
    const c = await connect(port);
    open.push(c);
    c.socket.write('GET /demo HTTP/1.1\r\nHost: links.te');
    const openMs = await closedWithin(c, 5000);
    expect(openMs).toBeGreaterThanOrEqual(250);
    expect(openMs).toBeLessThan(1000);
  });

  it('still serves a request that arrives in time', async () => {
    const c = await connect(port);
    open.push(c);
    c.socket.write(HEALTHZ);
    expect(await responseOf(c)).toBe('HTTP/1.1 200 OK');
  });
});

describe('MAX_CONNECTIONS_PER_IP on a listening server', () => {
  const CAP = 5;
  let database: TestDatabase;
  let t: TestApp;
  let port: number;
  const open: Connection[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { MAX_CONNECTIONS_PER_IP: String(CAP) });
    port = await listen(t);
  });
  afterAll(async () => {
    open.forEach((c) => c.socket.destroy());
    await t.close();
    await database.cleanup();
  });

  /** A kept-alive connection the server has answered on (so it has surely counted it). */
  async function servedConnection(localAddress = '127.0.0.1'): Promise<Connection> {
    const c = await connect(port, localAddress);
    open.push(c);
    c.socket.write(HEALTHZ);
    expect(await responseOf(c)).toBe('HTTP/1.1 200 OK');
    return c;
  }

  it('closes the connection over the cap from one address, and serves the others and other addresses', async () => {
    const held = [];
    for (let i = 0; i < CAP; i++) held.push(await servedConnection());

    const refused = await connect(port);
    open.push(refused);
    refused.socket.write(HEALTHZ);
    await Promise.race([refused.closed, new Promise((r) => setTimeout(r, 3000))]);
    expect(refused.closedAt).not.toBeNull();
    expect(refused.received).toBe('');

    await servedConnection('127.0.0.2'); // another address
    const reused = held[0] as Connection; // a connection already held keeps being served
    reused.socket.write(HEALTHZ);
    reused.received = '';
    expect(await responseOf(reused)).toBe('HTTP/1.1 200 OK');

    (held[1] as Connection).socket.destroy(); // one ends: the address may connect again
    await (held[1] as Connection).closed;
    await new Promise((r) => setTimeout(r, 50)); // the server sees the close
    await servedConnection();
  });
});

describe('server limits configuration', () => {
  const base = { DATA_DIR: '/tmp/dt-config-test', SECRET: 's' };

  it.each([
    { name: 'a public server: 60 s per request, 10 s for headers, 100 connections per address', env: {}, expected: { requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, maxConnectionsPerIp: 100 } },
    { name: 'behind a proxy: no per-address cap (every connection is the proxy’s)', env: { TRUST_PROXY: '10.0.0.1' }, expected: { maxConnectionsPerIp: 0 } },
    { name: 'a proxy hop count', env: { TRUST_PROXY: '1' }, expected: { maxConnectionsPerIp: 0 } },
    { name: 'behind a proxy, with a cap chosen', env: { TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_IP: '5000' }, expected: { maxConnectionsPerIp: 5000 } },
    { name: 'a short request deadline: the headers deadline follows it', env: { REQUEST_TIMEOUT_MS: '2000' }, expected: { requestTimeoutMs: 2000, headersTimeoutMs: 2000 } },
  ])('$name', ({ env, expected }) => {
    expect(loadConfig({ ...base, ...env })).toMatchObject(expected);
  });

  it('refuses a headers deadline longer than the request deadline', () => {
    expect(() => loadConfig({ ...base, REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      new ConfigError('HEADERS_TIMEOUT_MS must be a whole number from 100 to 5000, got "6000"'),
    );
  });
});

describe('addressKey: whose connection it is', () => {
  it.each([
    { name: 'an IPv4 address', address: '203.0.113.7', key: '203.0.113.7' },
    { name: 'an IPv4-mapped IPv6 address', address: '::ffff:203.0.113.7', key: '203.0.113.7' },
    { name: 'an IPv6 address: its /64', address: '2001:db8:1:2:aaaa:bbbb:cccc:dddd', key: '2001:db8:1:2::/64' },
    { name: 'another address of the same /64', address: '2001:0db8:0001:0002::1', key: '2001:db8:1:2::/64' },
    { name: 'a compressed prefix', address: '2001:db8::1', key: '2001:db8:0:0::/64' },
    { name: 'loopback', address: '::1', key: '0:0:0:0::/64' },
  ])('$name', ({ address, key }) => {
    expect(addressKey(address)).toBe(key);
  });
});

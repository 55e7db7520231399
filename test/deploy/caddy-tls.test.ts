// The production shape, end to end: Caddy (deploy/Caddyfile, made to run here by caddy.ts) in front
// of two Duotrack processes (`node dist/main.js serve`) on one PostgreSQL schema. A client's domain
// is verified by the HTTP method through Caddy's plain-HTTP site; then a TLS handshake for that name
// gets a certificate for it (on demand, after Caddy asked /tls/ask) and the client's page, while a
// pending domain gets no certificate at all; requests go to both nodes, and Caddy's ask still
// reaches a node when the other is down. Run by `npm run test:reliability` (which builds dist/
// first); PostgreSQL and Caddy are required on CI.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createUser } from '../../src/auth/users.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { DIALECTS } from '../support/databases.js';
import { startDnsStub, type DnsStub } from '../support/dns-stub.js';
import { markDomainVerified } from '../support/domains.js';
import { createSchema } from '../support/postgres.js';
import { freePort, startServer, stopServer, type Server } from '../reliability/harness.js';
import { caddyAvailable, DEPLOY_CADDYFILE, startCaddy, testCaddyfile, UPSTREAM_HEADER, type RunningCaddy } from './caddy.js';

const VERIFIED = 'music.verified.test';
const PENDING = 'music.pending.test';
/** Verified from the start; first asked for once a node is down. */
const SECOND = 'music.second.test';

if (process.env.CI && !DIALECTS.includes('postgres')) throw new Error('[caddy-tls] PostgreSQL is not reachable, and CI requires it.');

describe.skipIf(!DIALECTS.includes('postgres') || !caddyAvailable())('Caddy with on-demand TLS in front of two nodes on PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-caddy-'));
  let schema: Awaited<ReturnType<typeof createSchema>> | undefined;
  let dns: DnsStub | undefined;
  let caddy: RunningCaddy | undefined;
  const nodes: Server[] = [];
  let httpsPort = 0;
  let httpPort = 0;
  let masterKey = '';
  let verifiedClientId = '';

  /** One HTTPS request to Caddy for `servername`, trusting only Caddy's local CA. */
  const get = (servername: string, path: string) =>
    new Promise<{ status: number; body: string; upstream: string; cert: tls.PeerCertificate }>((resolve, reject) => {
      const request = https.get({ host: '127.0.0.1', port: httpsPort, servername, path, headers: { host: servername, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' }, ca: caddy?.rootCert, agent: false, timeout: 10_000 }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, upstream: String(res.headers[UPSTREAM_HEADER] ?? ''), cert: (res.socket as tls.TLSSocket).getPeerCertificate() }));
      });
      request.on('error', reject);
      request.on('timeout', () => request.destroy(new Error('timed out')));
    });

  /** A bare TLS handshake for `servername`: the certificate, or the error. */
  const handshake = (servername: string) =>
    new Promise<{ cert: tls.PeerCertificate } | { error: string }>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: httpsPort, servername, ca: caddy?.rootCert, timeout: 10_000 }, () => {
        resolve({ cert: socket.getPeerCertificate() });
        socket.end();
      });
      socket.on('error', (err) => resolve({ error: err.message }));
      socket.on('timeout', () => socket.destroy(new Error('timed out')));
    });

  beforeAll(async () => {
    schema = await createSchema();
    // The schema is made and filled before the nodes start: each node then only finds it migrated.
    const database = openDatabase(schema.url);
    try {
      await migrateToLatest(database);
      const db = database.db;
      const services = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];
      const verified = await createClient(db, { name: 'Verified Records', domain: VERIFIED, settings: { allowCustomDomains: true } });
      const pending = await createClient(db, { name: 'Pending Records', domain: PENDING, settings: { allowCustomDomains: true } });
      await createSmartlink(db, { clientId: verified.id, slug: 'caddy-night', artistName: 'Nova Lune', trackTitle: 'Caddy Night', services, status: 'live' });
      await createSmartlink(db, { clientId: pending.id, slug: 'not-yet', artistName: 'Nova Lune', trackTitle: 'Not Yet', services, status: 'live' });
      await markDomainVerified(db, await createClient(db, { name: 'Second Records', domain: SECOND, settings: { allowCustomDomains: true } }));
      masterKey = (await createApiKey(db, { clientId: null, name: 'deploy test' })).key;
      // An admin already: two nodes starting at once on a fresh database would both create the first one.
      await createUser(db, { email: 'admin@deploy.test', password: 'a-password-of-some-length', role: 'master' });
      verifiedClientId = verified.id;
    } finally {
      await database.close();
    }

    dns = await startDnsStub();
    dns.set(VERIFIED, { A: ['127.0.0.1'] }); // the domain points at this machine: Caddy's HTTP port
    const askPort = await freePort();
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: schema.url,
      SECRET: 'shared-secret-of-both-nodes',
      TRUST_PROXY: 'loopback',
      DNS_SERVERS: dns.server,
      DOMAIN_VERIFY_HTTP_PORT: String(httpPort),
      OUTBOUND_ALLOW_ADDRESSES: '127.0.0.1', // this machine is where the domain points
    };
    nodes.push(...(await Promise.all([1, 2].map((n) => startServer({ ...env, DATA_DIR: join(dir, `node${n}`) })))));
    const ports = nodes.map((node) => Number(new URL(node.origin).port)) as [number, number];
    caddy = await startCaddy(testCaddyfile(readFileSync(DEPLOY_CADDYFILE, 'utf8'), { nodes: ports, askPort, httpPort, httpsPort }), dir, httpsPort);
  }, 120_000); // about 10 s; a node's cold start (45 MB of GeoIP data) is slow on a busy machine

  afterAll(async () => {
    await caddy?.stop();
    await Promise.all(nodes.map((node) => stopServer(node)));
    await dns?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies a domain by HTTP through Caddy’s plain-HTTP site, and sends other plain HTTP to HTTPS', async () => {
    const res = await fetch(`${nodes[0]!.origin}/api/v1/clients/${verifiedClientId}/domain/verify`, { method: 'POST', headers: { authorization: `Bearer ${masterKey}` } });
    expect(res.status, `${await res.clone().text()}\n${caddy?.logs()}`).toBe(200);
    expect(await res.json()).toMatchObject({ domain: VERIFIED, status: 'verified', method: 'http', served: true });
    const plain = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: httpPort, path: '/caddy-night', headers: { host: VERIFIED }, agent: false }, resolve).on('error', reject);
    });
    plain.resume();
    expect(plain.statusCode).toBe(308);
    expect(plain.headers.location).toBe(`https://${VERIFIED}/caddy-night`);
  });

  it('gives the verified domain a certificate for its name, and its client’s smartlink page', async () => {
    const page = await get(VERIFIED, '/caddy-night');
    expect(page.cert.subjectaltname).toBe(`DNS:${VERIFIED}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Caddy Night');
    expect(page.body).toContain(`https://${VERIFIED}/caddy-night`); // the page's own URL: X-Forwarded-Proto and Host came through
    // Only its client's smartlinks on its domain: the pending client's is not found there.
    expect((await get(VERIFIED, '/not-yet')).status).toBe(404);
  });

  it('gives a pending domain, or an unknown one, no certificate and so no page', async () => {
    for (const name of [PENDING, 'unknown.test']) {
      const result = await handshake(name);
      expect(result, name).toHaveProperty('error');
      expect('error' in result && result.error).toMatch(/alert|handshake|socket hang up|ECONNRESET/i);
    }
    await expect(get(PENDING, '/not-yet')).rejects.toThrow();
  });

  it('keeps the ask endpoint to itself', async () => {
    const asked = await get(VERIFIED, `/tls/ask?domain=${VERIFIED}`);
    expect(asked.status).toBe(404);
    expect(asked.upstream).toBe(''); // answered by Caddy, not proxied
  });

  it('spreads requests over both nodes', async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const page = await get(VERIFIED, '/caddy-night');
      expect(page.status).toBe(200);
      upstreams.add(page.upstream);
    }
    expect([...upstreams].sort()).toEqual(nodes.map((node) => new URL(node.origin).host).sort());
  });

  it('still gets a certificate for a new verified name while the first node is down: the ask goes to either node', async () => {
    await stopServer(nodes[0]!);
    const result = await handshake(SECOND);
    expect(result, caddy?.logs()).toHaveProperty('cert');
    expect('cert' in result && result.cert.subjectaltname).toBe(`DNS:${SECOND}`);
  });
});

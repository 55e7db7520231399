// Custom domain verification through app.inject(), on every database: a domain is pending (and not
// served) until its DNS TXT record or its HTTP token checks out; then it serves the client's pages
// and its TLS certificate may be issued (/tls/ask). DNS answers come from a stub server
// (DNS_SERVERS); "port 80" of the domains is a stand-in that hands requests to the app.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startDnsStub, type DnsStub } from '../support/dns-stub.js';

const SERVICES = [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }];
const APP_HOST = 'admin.duotrack.test';

interface Verification {
  domain: string;
  status: 'pending' | 'verified';
  served: boolean;
  dns: { name: string; type: 'TXT'; value: string };
  http: { url: string; body: string };
  verifiedAt: number | null;
  method: 'dns' | 'http' | null;
  checkedAt: number | null;
  failure: string | null;
}

/** Port 80 of every test domain: hands the request to the app, except on redirect.* hosts, which send to https. */
async function startPort80(app: () => TestApp['app']): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.headers.host?.startsWith('redirect.')) return void res.writeHead(308, { location: `https://${req.headers.host}${req.url}` }).end();
    app()
      .inject({ method: 'GET', url: req.url ?? '/', headers: req.headers as Record<string, string> })
      .then((answer) => res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/plain') }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe.each(DIALECTS)('custom domain verification on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let dns: DnsStub;
  let port80: Server;
  let label: Client;
  let other: Client;
  const keys = { master: '', label: '', labelReadOnly: '', other: '' };

  const call = (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  const verification = async (client: Client) => {
    const res = await call(keys.master, 'GET', `/api/v1/clients/${client.id}/domain`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Verification>();
  };
  const verify = (client: Client, key = keys.master) => call(key, 'POST', `/api/v1/clients/${client.id}/domain/verify`);
  const setDomain = async (client: Client, domain: string | null) => {
    const res = await call(keys.master, 'PATCH', `/api/v1/clients/${client.id}`, { domain, settings: { allowCustomDomains: true } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const page = (host: string, path: string) => t.app.inject({ url: path, headers: { host } });
  const ask = (domain: string, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
    t.app.inject({ url: `/tls/ask?domain=${encodeURIComponent(domain)}`, ...options });

  beforeAll(async () => {
    dns = await startDnsStub();
    port80 = await startPort80(() => t.app);
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DNS_SERVERS: dns.server, DOMAIN_VERIFY_HTTP_PORT: String((port80.address() as AddressInfo).port), APP_HOST });
    const db = t.ctx.database.db;
    label = await createClient(db, { name: 'Label', branding: { secondaryColor: '#0a0a0a' } });
    other = await createClient(db, { name: 'Other' });
    await createSmartlink(db, { clientId: label.id, slug: 'label-single', artistName: 'L', trackTitle: 'S', services: SERVICES, status: 'live' });
    keys.master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    keys.label = (await createApiKey(db, { clientId: label.id, name: 'label' })).key;
    keys.labelReadOnly = (await createApiKey(db, { clientId: label.id, name: 'label-ro', readOnly: true })).key;
    keys.other = (await createApiKey(db, { clientId: other.id, name: 'other' })).key;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
    await dns?.close();
    await new Promise((resolve) => port80?.close(resolve));
  });

  it('shows a new domain pending, with the TXT record and the HTTP URL to set up, and does not serve it yet', async () => {
    await setDomain(label, 'music.label.test');
    // Setting the domain made its pending verification (a read writes nothing).
    const row = () => t.ctx.database.db.selectFrom('domain_verifications').selectAll().where('client_id', '=', label.id).executeTakeFirst();
    expect(await row()).toMatchObject({ domain: 'music.label.test', verified_at: null, method: null });
    const { token } = (await row())!;
    const v = await verification(label);
    expect(v.dns.value).toBe(`duotrack-verify=${token}`);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(v).toEqual({
      domain: 'music.label.test',
      status: 'pending',
      served: false,
      dns: { name: '_duotrack.music.label.test', type: 'TXT', value: `duotrack-verify=${token}` },
      http: { url: `http://music.label.test/.well-known/duotrack-verify/${token}`, body: `duotrack-verify=${token}` },
      verifiedAt: null,
      method: null,
      checkedAt: null,
      failure: null,
    });
    expect(await verification(label)).toEqual(v); // the same token at every read
    // Not served: the host is an ordinary one (no branding of the label's, any client's smartlink).
    expect((await page('music.label.test', '/demo')).statusCode).toBe(200);
    expect((await page('music.label.test', '/nothing-here')).body).not.toContain('--bg:#0a0a0a');
    expect((await ask('music.label.test')).statusCode).toBe(404);
  });

  it('answers the HTTP token only on the pending domain’s own host, and only that token', async () => {
    const v = await verification(label);
    const path = new URL(v.http.url).pathname;
    const own = await page('music.label.test', path);
    expect(own.statusCode).toBe(200);
    expect(own.body).toBe(v.http.body);
    expect(own.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await page('music.label.test:8080', path)).body).toBe(v.http.body); // Host with a port
    expect((await page('elsewhere.test', path)).statusCode).toBe(404);
    expect((await page('music.label.test', `${path.slice(0, -1)}${path.endsWith('0') ? '1' : '0'}`)).statusCode).toBe(404); // another token
    expect((await page('music.label.test', '/.well-known/duotrack-verify/not-a-token')).statusCode).toBe(404);
  });

  it('refuses to verify with 422, saying what DNS and HTTP found, and records the failed check', async () => {
    dns.set('_duotrack.music.label.test', { TXT: ['duotrack-verify=an-old-token'] });
    const res = await verify(label);
    expect(res.statusCode).toBe(422);
    const body = res.json<{ error: string; message: string; details: Verification }>();
    expect(body.error).toBe('not_verified');
    const { value } = (await verification(label)).dns;
    expect(body.message).toBe(
      `music.label.test is not verified: DNS: TXT _duotrack.music.label.test holds "duotrack-verify=an-old-token", not "${value}"; ` +
        `HTTP: GET http://music.label.test/.well-known/duotrack-verify/${value.split('=')[1]}: no A or AAAA record for music.label.test (no such name (NXDOMAIN))`,
    );
    expect(body.details).toMatchObject({ status: 'pending', served: false });
    const after = await verification(label);
    expect(after.checkedAt).toBeGreaterThan(0);
    expect(after.failure).toBe(body.message.replace('music.label.test is not verified: ', ''));
    expect(dns.queries).toContain('TXT _duotrack.music.label.test');
  });

  it('verifies by the DNS TXT record: the domain then serves the client’s pages and 404 branding, and gets TLS; the check is audited', async () => {
    const v = await verification(label);
    dns.set('_duotrack.music.label.test', { TXT: ['v=spf1 -all', v.dns.value] });
    const res = await verify(label);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ domain: 'music.label.test', status: 'verified', served: true, method: 'dns', failure: null });
    expect(res.json<Verification>().verifiedAt).toBeGreaterThan(0);

    expect((await page('music.label.test', '/label-single')).statusCode).toBe(200);
    const foreign = await page('music.label.test', '/demo');
    expect(foreign.statusCode).toBe(404); // another client's smartlink, not on this domain
    expect(foreign.body).toContain('--bg:#0a0a0a');
    expect((await ask('music.label.test')).statusCode).toBe(200);
    expect((await ask('MUSIC.label.test.')).statusCode).toBe(200);
    expect((await page('music.label.test', new URL(v.http.url).pathname)).statusCode).toBe(404); // the token has done its job

    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'client.domain_verify').where('client_id', '=', label.id).orderBy('ts').execute();
    expect(audit.map((e) => JSON.parse(e.after as string))).toEqual([
      expect.objectContaining({ domain: 'music.label.test', status: 'pending', method: null }),
      { domain: 'music.label.test', status: 'verified', method: 'dns', failure: null },
    ]);
    // Verified stays verified: a new check answers at once.
    dns.set('_duotrack.music.label.test', {});
    expect((await verify(label)).json()).toMatchObject({ status: 'verified', method: 'dns' });
  });

  it('verifies by HTTP, the domain pointing at this deployment; a redirect is not followed', async () => {
    await setDomain(other, 'redirect.other.test');
    dns.set('redirect.other.test', { A: ['127.0.0.1'] });
    const redirected = await verify(other);
    expect(redirected.statusCode).toBe(422);
    expect(redirected.json<{ message: string }>().message).toContain('127.0.0.1: redirected to https://redirect.other.test:');

    await setDomain(other, 'links.other.test');
    dns.set('links.other.test', { A: ['127.0.0.1'] });
    const res = await verify(other, keys.other); // the client's own key may check
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ domain: 'links.other.test', status: 'verified', method: 'http', served: true });
    expect((await ask('links.other.test')).statusCode).toBe(200);
  });

  it('resets verification when the domain changes: a new token, the old domain no longer served', async () => {
    const before = await verification(other);
    await setDomain(other, 'new.other.test');
    const after = await verification(other);
    expect(after).toMatchObject({ domain: 'new.other.test', status: 'pending', method: null, checkedAt: null, failure: null });
    expect(after.dns.value).not.toBe(before.dns.value);
    expect((await ask('links.other.test')).statusCode).toBe(404);
    expect((await ask('new.other.test')).statusCode).toBe(404);
    // back to the old name: verified again only by a new check
    await setDomain(other, 'links.other.test');
    expect(await verification(other)).toMatchObject({ status: 'pending' });
    expect((await ask('links.other.test')).statusCode).toBe(404);
    // no domain: no verification left; a domain again starts pending
    await setDomain(other, null);
    expect(await t.ctx.database.db.selectFrom('domain_verifications').selectAll().where('client_id', '=', other.id).executeTakeFirst()).toBeUndefined();
    await setDomain(other, 'links.other.test');
    expect(await verification(other)).toMatchObject({ domain: 'links.other.test', status: 'pending' });
  });

  it('stops serving a verified domain while custom domains are not allowed', async () => {
    const res = await call(keys.master, 'PATCH', `/api/v1/clients/${label.id}`, { settings: { allowCustomDomains: false } });
    expect(res.statusCode).toBe(200);
    expect(await verification(label)).toMatchObject({ status: 'verified', served: false });
    expect((await ask('music.label.test')).statusCode).toBe(404);
    expect((await page('music.label.test', '/nothing-here')).body).not.toContain('--bg:#0a0a0a');
    await call(keys.master, 'PATCH', `/api/v1/clients/${label.id}`, { settings: { allowCustomDomains: true } });
    expect((await ask('music.label.test')).statusCode).toBe(200);
  });

  it('lets master and the client’s own keys read; refuses a read-only key the check; hides other clients', async () => {
    expect((await call(keys.label, 'GET', `/api/v1/clients/${label.id}/domain`)).json()).toMatchObject({ domain: 'music.label.test' });
    expect((await call(keys.labelReadOnly, 'GET', `/api/v1/clients/${label.id}/domain`)).statusCode).toBe(200);
    expect((await verify(label, keys.labelReadOnly)).json()).toEqual({ error: 'read_only', message: 'this key can only read' });
    for (const res of [await call(keys.other, 'GET', `/api/v1/clients/${label.id}/domain`), await verify(label, keys.other)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'not_found', message: `client ${label.id} not found` });
    }
    const none = await createClient(t.ctx.database.db, { name: 'No Domain' });
    const res = await call(keys.master, 'GET', `/api/v1/clients/${none.id}/domain`);
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toBe(`client ${none.id} has no custom domain (master sets it: PATCH /api/v1/clients/${none.id} with "domain")`);
    expect((await verify(none)).statusCode).toBe(404);
  });

  it('allows 10 checks of a client’s domain a minute; another tenant’s attempts (404) spend its own budget, not the client’s', async () => {
    const budget = await createClient(t.ctx.database.db, { name: 'Budget' });
    await setDomain(budget, 'music.budget.test');
    for (let i = 0; i < 10; i++) expect((await verify(budget, keys.other)).statusCode).toBe(404);
    const foreign = await verify(budget, keys.other);
    expect(foreign.statusCode).toBe(429); // the foreign key's own budget is spent
    for (let i = 0; i < 10; i++) expect((await verify(budget)).statusCode).toBe(422); // the client's is whole
    const limited = await verify(budget);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses APP_HOST as a client’s domain (it would verify at once, then serve only that client there)', async () => {
    for (const domain of [APP_HOST, 'Admin.Duotrack.TEST']) {
      const res = await call(keys.master, 'PATCH', `/api/v1/clients/${other.id}`, { domain, settings: { allowCustomDomains: true } });
      expect(res.statusCode, domain).toBe(400);
      const message = `domain "${domain}" is this installation's own host (APP_HOST), not a custom domain`;
      expect(res.json()).toEqual({ error: 'invalid', message, details: [{ instancePath: '/domain', message }] });
    }
    const created = await call(keys.master, 'POST', '/api/v1/clients', { name: 'Agency', domain: APP_HOST, settings: { allowCustomDomains: true } });
    expect(created.statusCode).toBe(400);
    expect((await verification(other)).domain).toBe('links.other.test');
  });

  it('answers /tls/ask: 400 without a name, 200 for APP_HOST, 403 to anyone but the proxy on loopback', async () => {
    expect((await t.app.inject({ url: '/tls/ask' })).statusCode).toBe(400);
    expect((await ask('')).statusCode).toBe(400);
    expect((await ask(APP_HOST)).statusCode).toBe(200);
    expect((await ask('unknown.test')).statusCode).toBe(404);
    expect((await ask('music.label.test', { remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
    expect((await ask('music.label.test', { headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
  });

  it('lists the routes in the OpenAPI document with an operationId and every response described', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { description?: string }> }>> }>();
    const routes = [doc.paths['/api/v1/clients/{id}/domain']?.get, doc.paths['/api/v1/clients/{id}/domain/verify']?.post];
    expect(routes.map((r) => r?.operationId)).toEqual(['getClientDomain', 'verifyClientDomain']);
    for (const route of routes) for (const response of Object.values(route?.responses ?? {})) expect(response.description).toBeTruthy();
    expect(Object.keys(routes[1]?.responses ?? {})).toEqual(expect.arrayContaining(['200', '403', '404', '422', '429']));
    expect(doc.paths['/tls/ask']).toBeUndefined();
  });
});

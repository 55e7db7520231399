// The management API through app.inject(), on every database: authentication, tenant isolation
// (a client's key never sees or changes another client's data), validation, quota, audit log,
// and the OpenAPI document.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe.each(DIALECTS)('API on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Client;
  let b: Client;
  const keys: Record<'master' | 'a' | 'b' | 'aReadOnly', string> = { master: '', a: '', b: '', aReadOnly: '' };
  let bLink: { id: string };

  const call = (key: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: key ? { authorization: `Bearer ${key}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Label A' });
    b = await createClient(db, { name: 'Label B', settings: { maxSmartlinksPerMonth: 2 } });
    keys.master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    keys.a = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
    keys.b = (await createApiKey(db, { clientId: b.id, name: 'b' })).key;
    keys.aReadOnly = (await createApiKey(db, { clientId: a.id, name: 'a-ro', readOnly: true })).key;
    const res = await call(keys.b, 'POST', '/api/v1/smartlinks', { slug: 'b-single', artistName: 'B', trackTitle: 'Secret', services: SERVICES, status: 'live' });
    expect(res.statusCode).toBe(201);
    bLink = res.json();
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it.each([
    { name: 'no Authorization header', key: '', message: 'send Authorization: Bearer <API key>, or sign in' },
    { name: 'a malformed key', key: 'not-a-key', message: 'unknown or revoked API key' },
    { name: 'an unknown key', key: `dtk_${'A'.repeat(43)}`, message: 'unknown or revoked API key' },
  ])('answers 401 to $name', async ({ key, message }) => {
    const res = await call(key, 'GET', '/api/v1/smartlinks');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message });
  });

  it('answers 401 to a revoked key and records when a key was last used', async () => {
    const db = t.ctx.database.db;
    const { id, key } = await createApiKey(db, { clientId: a.id, name: 'soon revoked' });
    expect((await call(key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(200);
    const used = await db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeGreaterThan(0);
    await db.updateTable('api_keys').set({ revoked_at: Date.now() }).where('id', '=', id).execute();
    expect((await call(key, 'GET', '/api/v1/smartlinks')).statusCode).toBe(401);
  });

  it('lets a master key create a client, audited', async () => {
    const res = await call(keys.master, 'POST', '/api/v1/clients', { name: 'New Label', branding: { primaryColor: '#123456' }, tracking: { ga4: 'G-ABCDE12345' } });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name: 'New Label', branding: { primaryColor: '#123456', font: 'system' }, tracking: { ga4: 'G-ABCDE12345' }, consentRegions: ['EEA', 'GB', 'CH'] });
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('target', '=', created.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'client.create', client_id: created.id, before: null });
    expect(audit[0]!.actor).toMatch(/^key:/);
    expect(JSON.parse(audit[0]!.after!).name).toBe('New Label');
  });

  it('isolates tenants: client A’s key neither sees nor changes client B’s data', async () => {
    const db = t.ctx.database.db;
    const before = { client: await db.selectFrom('clients').selectAll().where('id', '=', b.id).executeTakeFirst(), link: await db.selectFrom('smartlinks').selectAll().where('id', '=', bLink.id).executeTakeFirst() };
    const matrix: Array<[method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown]> = [
      ['GET', `/api/v1/clients/${b.id}`],
      ['PATCH', `/api/v1/clients/${b.id}`, { branding: { primaryColor: '#000000' } }],
      ['GET', `/api/v1/smartlinks/${bLink.id}`],
      ['PATCH', `/api/v1/smartlinks/${bLink.id}`, { trackTitle: 'Hijacked' }],
      ['POST', '/api/v1/smartlinks', { clientId: b.id, slug: 'planted', artistName: 'X', trackTitle: 'Y', services: SERVICES }],
    ];
    for (const [method, url, body] of matrix) {
      const res = await call(keys.a, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain('Label B');
      expect(res.body).not.toContain('Secret');
    }
    const clients = (await call(keys.a, 'GET', '/api/v1/clients')).json();
    expect(clients.data.map((c: Client) => c.id)).toEqual([a.id]);
    const links = (await call(keys.a, 'GET', `/api/v1/smartlinks?clientId=${b.id}`)).json();
    expect(links).toMatchObject({ data: [], page: { total: 0 } });
    expect((await call(keys.a, 'GET', '/api/v1/smartlinks?q=secret')).json().data).toEqual([]);
    // nothing changed, nothing planted
    expect(await db.selectFrom('clients').selectAll().where('id', '=', b.id).executeTakeFirst()).toEqual(before.client);
    expect(await db.selectFrom('smartlinks').selectAll().where('id', '=', bLink.id).executeTakeFirst()).toEqual(before.link);
    expect(await db.selectFrom('smartlinks').select('id').where('slug', '=', 'planted').executeTakeFirst()).toBeUndefined();
  });

  it('keeps client keys off the agency’s fields, and read-only keys off every write', async () => {
    expect((await call(keys.a, 'PATCH', `/api/v1/clients/${a.id}`, { settings: { maxSmartlinksPerMonth: 1000 } })).json()).toEqual({
      error: 'forbidden',
      message: 'only a master key can change settings',
    });
    expect((await call(keys.a, 'POST', '/api/v1/clients', { name: 'Mine' })).statusCode).toBe(403);
    const own = await call(keys.a, 'PATCH', `/api/v1/clients/${a.id}`, { branding: { secondaryColor: '#222222' }, consentRegions: ['EEA'] });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ branding: { secondaryColor: '#222222', primaryColor: '#1db954' }, consentRegions: ['EEA'] });
    const ro = await call(keys.aReadOnly, 'POST', '/api/v1/smartlinks', { slug: 'ro', artistName: 'A', trackTitle: 'T', services: SERVICES });
    expect(ro.json()).toEqual({ error: 'read_only', message: 'this key can only read' });
    expect((await call(keys.aReadOnly, 'GET', '/api/v1/smartlinks')).statusCode).toBe(200);
  });

  it('creates, lists, filters, changes a smartlink, serves it, and audits every write', async () => {
    const created = await call(keys.a, 'POST', '/api/v1/smartlinks', { slug: 'a-single', artistName: 'Nova', trackTitle: 'Drive', services: SERVICES });
    expect(created.statusCode).toBe(201);
    const link = created.json();
    expect(link).toMatchObject({ clientId: a.id, slug: 'a-single', status: 'draft', tracking: null });
    expect((await t.app.inject({ url: '/a-single' })).statusCode).toBe(404); // a draft is not served
    const changed = await call(keys.a, 'PATCH', `/api/v1/smartlinks/${link.id}`, { status: 'live', trackTitle: 'Drive (Remix)' });
    expect(changed.json()).toMatchObject({ status: 'live', trackTitle: 'Drive (Remix)' });
    const list = (await call(keys.master, 'GET', `/api/v1/smartlinks?clientId=${a.id}&status=live&q=remix&limit=10`)).json();
    expect(list).toMatchObject({ data: [{ id: link.id }], page: { limit: 10, offset: 0, total: 1 } });
    expect((await t.app.inject({ url: '/a-single' })).body).toContain('Drive (Remix)'); // the page cache forgot the draft
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('target', '=', link.id).orderBy('ts').execute();
    expect(audit.map((e) => e.action)).toEqual(['smartlink.create', 'smartlink.update']);
    expect(JSON.parse(audit[1]!.before!).status).toBe('draft');
    expect(JSON.parse(audit[1]!.after!).status).toBe('live');
  });

  it('stores tenant text as given (markup, unicode controls, emoji) and renders it escaped', async () => {
    const text = '<script>alert(1)</script> \u202Eevil \u200B💿 e\u0301 "quoted" & more';
    const client = await call(keys.master, 'POST', '/api/v1/clients', { name: text });
    expect(client.statusCode).toBe(201);
    const link = await call(keys.master, 'POST', '/api/v1/smartlinks', {
      clientId: client.json().id,
      slug: 'unicode-xss',
      artistName: text,
      trackTitle: text,
      status: 'live',
      services: [{ service: 'my-shop', label: text, url: 'https://shop.test/?q="<b>"' }],
    });
    expect(link.statusCode).toBe(201);
    expect(link.json().artistName).toBe(text);
    const page = await t.app.inject({ url: '/unicode-xss' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('"<b>"');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \u202Eevil \u200B💿 e\u0301 &quot;quoted&quot; &amp; more');
    expect((await call(keys.master, 'GET', '/api/v1/clients?q=EVIL')).json().data).toHaveLength(1);
  });

  it('enforces the monthly quota with a clear 429', async () => {
    expect((await call(keys.b, 'POST', '/api/v1/smartlinks', { slug: 'b-two', artistName: 'B', trackTitle: 'Two', services: SERVICES })).statusCode).toBe(201);
    const third = await call(keys.b, 'POST', '/api/v1/smartlinks', { slug: 'b-three', artistName: 'B', trackTitle: 'Three', services: SERVICES });
    expect(third.statusCode).toBe(429);
    expect(third.json()).toEqual({ error: 'quota_exceeded', message: 'Label B may create 2 smartlinks a month (settings.maxSmartlinksPerMonth)' });
  });

  it('enforces custom domains: only when allowed, and never twice', async () => {
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${a.id}`, { domain: 'music.a.test' })).statusCode).toBe(403);
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${a.id}`, { domain: 'music.a.test', settings: { allowCustomDomains: true } })).statusCode).toBe(200);
    const taken = await call(keys.master, 'PATCH', `/api/v1/clients/${b.id}`, { domain: 'MUSIC.A.TEST', settings: { allowCustomDomains: true } });
    expect(taken.json()).toEqual({ error: 'conflict', message: 'domain MUSIC.A.TEST is already used by another client' });
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${b.id}`, { domain: '' })).statusCode).toBe(400);
    // withdrawing the permission keeps the client editable (the domain is then not served)
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${a.id}`, { settings: { allowCustomDomains: false } })).statusCode).toBe(200);
    expect((await call(keys.a, 'PATCH', `/api/v1/clients/${a.id}`, { branding: { primaryColor: '#abcdef' } })).statusCode).toBe(200);
  });

  it('never shows a client’s Slack webhook (a secret) in full, nor records it in the audit log', async () => {
    const hook = 'https://hooks.slack.com/services/T0/B0/SECRET-PART';
    expect((await call(keys.master, 'PATCH', `/api/v1/clients/${b.id}`, { settings: { slackWebhookUrl: hook } })).json().settings.slackWebhookUrl).toBe('https://hooks.slack.com/…');
    expect((await call(keys.b, 'GET', `/api/v1/clients/${b.id}`)).body).not.toContain('SECRET-PART');
    expect((await call(keys.master, 'GET', '/api/v1/clients')).body).not.toContain('SECRET-PART');
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('target', '=', b.id).execute();
    expect(JSON.stringify(audit)).not.toContain('SECRET-PART');
  });

  it.each([
    { name: 'a script in the slug', body: { slug: '<script>', artistName: 'A', trackTitle: 'T', services: SERVICES }, message: 'slug "<script>"' },
    { name: 'a reserved slug', body: { slug: 'api', artistName: 'A', trackTitle: 'T', services: SERVICES }, message: 'slug "api" is reserved' },
    { name: 'a javascript: destination', body: { slug: 'js', artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'javascript:alert(1)' }] }, message: 'destination must be an http(s) URL' },
    { name: 'a data: destination', body: { slug: 'data', artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'data:text/html,hi' }] }, message: 'destination must be an http(s) URL' },
    { name: 'credentials in a destination', body: { slug: 'cred', artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'https://u:p@open.spotify.com/' }] }, message: 'destination must be an http(s) URL' },
    { name: 'an http artwork', body: { slug: 'http-art', artistName: 'A', trackTitle: 'T', services: SERVICES, artworkUrl: 'http://img.test/a.jpg' }, message: 'artworkUrl: an https URL' },
    { name: 'a bad tag override', body: { slug: 'tag', artistName: 'A', trackTitle: 'T', services: SERVICES, tracking: { gtm: 'GTM-<x>' } }, message: 'tracking/gtm' },
    { name: 'a number for a title', body: { slug: 'num', artistName: 'A', trackTitle: 42, services: SERVICES }, message: 'trackTitle must be string' },
    { name: 'an unknown field', body: { slug: 'extra', artistName: 'A', trackTitle: 'T', services: SERVICES, owner: 'me' }, message: 'must NOT have additional properties' },
    { name: 'no services', body: { slug: 'none', artistName: 'A', trackTitle: 'T', services: [] }, message: 'services must NOT have fewer than 1 items' },
    { name: 'an empty artist', body: { slug: 'empty', artistName: '   ', trackTitle: 'T', services: SERVICES }, message: 'artistName: 1 to 200 characters' },
    { name: 'a release date that is not a date', body: { slug: 'date', artistName: 'A', trackTitle: 'T', services: SERVICES, releaseDate: 'next friday' }, message: 'releaseDate must match pattern' },
    { name: 'an unknown status', body: { slug: 'status', artistName: 'A', trackTitle: 'T', services: SERVICES, status: 'deleted' }, message: 'status must be equal to one of the allowed values' },
    { name: 'a country override with a code no country has', body: { slug: 'cc', artistName: 'A', trackTitle: 'T', services: [{ ...SERVICES[0], countries: { XX: 'https://x.test/' } }] }, message: '"XX" is not an ISO 3166-1 alpha-2 country code' },
    { name: 'a 61-character button label', body: { slug: 'label', artistName: 'A', trackTitle: 'T', services: [{ service: 'shop', label: 'L'.repeat(61), url: 'https://shop.test/' }] }, message: 'label must NOT have more than 60 characters' },
    { name: 'a custom service without a label', body: { slug: 'nolabel', artistName: 'A', trackTitle: 'T', services: [{ service: 'shop', url: 'https://shop.test/' }] }, message: 'give it a label' },
    { name: 'a service listed twice', body: { slug: 'twice', artistName: 'A', trackTitle: 'T', services: [SERVICES[0], SERVICES[0]] }, message: 'listed twice' },
  ])('refuses a smartlink with $name, with a message', async ({ body, message }) => {
    const res = await call(keys.a, 'POST', '/api/v1/smartlinks', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
  });

  it.each([
    { name: 'a colour that is not #rrggbb', body: { branding: { primaryColor: 'red;background:url(x)' } } },
    { name: 'a font outside the list', body: { branding: { font: 'Comic Sans' } } },
    { name: 'an http logo', body: { branding: { logo: 'http://img.test/logo.png' } } },
    { name: 'a GA4 id in the wrong format', body: { tracking: { ga4: 'UA-1234-5' } } },
    { name: 'a consent region that is not a country', body: { consentRegions: ['Europe'] } },
    { name: 'an empty change', body: {} },
    { name: 'an empty name (master)', body: { name: '' }, master: true },
    { name: 'a domain that is not a host name (master)', body: { domain: 'not a domain', settings: { allowCustomDomains: true } }, master: true },
    { name: 'a retention beyond 760 days (master)', body: { settings: { analyticsRetentionDays: 900 } }, master: true },
    { name: 'a negative conversion value (master)', body: { conversionValue: -1 }, master: true },
    { name: 'a string for a number (master)', body: { conversionValue: '0.05' }, master: true },
  ])('refuses a client change with $name', async ({ body, master }) => {
    const res = await call(master ? keys.master : keys.a, 'PATCH', `/api/v1/clients/${a.id}`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toHaveProperty('message');
  });

  it('refuses an oversized body with 413', async () => {
    const res = await call(keys.a, 'POST', '/api/v1/smartlinks', { slug: 'big', artistName: 'A', trackTitle: 'x'.repeat(70_000), services: SERVICES });
    expect(res.statusCode).toBe(413);
  });

  it('publishes a valid OpenAPI 3 document listing every API route, and a docs page', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]); // the one public route
    const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/me', 'POST /api/v1/auth/password',
        'GET /api/v1/clients', 'POST /api/v1/clients', 'GET /api/v1/clients/{id}', 'PATCH /api/v1/clients/{id}',
        'GET /api/v1/clients/{id}/domain', 'POST /api/v1/clients/{id}/domain/verify',
        'GET /api/v1/smartlinks', 'POST /api/v1/smartlinks', 'GET /api/v1/smartlinks/{id}', 'PATCH /api/v1/smartlinks/{id}',
        'POST /api/v1/clients/{id}/archive', 'POST /api/v1/clients/{id}/restore', 'DELETE /api/v1/clients/{id}', 'DELETE /api/v1/smartlinks/{id}',
        'POST /api/v1/catalogue/resolve', 'POST /api/v1/smartlinks/{id}/rescan',
        'GET /api/v1/users', 'POST /api/v1/users', 'DELETE /api/v1/users/{id}',
        'PUT /api/v1/users/{id}/memberships/{clientId}', 'DELETE /api/v1/users/{id}/memberships/{clientId}',
        'GET /api/v1/invitations', 'POST /api/v1/invitations', 'POST /api/v1/invitations/{id}/resend', 'DELETE /api/v1/invitations/{id}',
        'GET /api/v1/auth/invitations/{token}', 'POST /api/v1/auth/invitations/{token}/accept',
        'POST /api/v1/auth/password-reset', 'GET /api/v1/auth/password-reset/{token}', 'POST /api/v1/auth/password-reset/{token}',
        'GET /api/v1/keys', 'POST /api/v1/keys', 'DELETE /api/v1/keys/{id}',
        'GET /api/v1/audit',
        'GET /api/v1/alerts', 'POST /api/v1/alerts/{id}/read',
        ...['overview', 'timeseries', 'breakdown/{dimension}', 'realtime', 'performance', 'export.csv', 'clients'].map((p) => `GET /api/v1/analytics/${p}`),
        'POST /api/v1/privacy/erasures', 'GET /api/v1/privacy/export',
        'POST /api/v1/clients/{id}/tracking-mode', 'POST /api/v1/clients/{id}/tracking-mode/rollback', 'PUT /api/v1/clients/{id}/mirror', 'DELETE /api/v1/clients/{id}/mirror',
        'GET /api/v1/migration/clients', 'POST /api/v1/migration/imports', 'GET /api/v1/migration/reconcile',
        // the machine-facing routes (GET /metrics too, when METRICS_TOKEN is set)
        'GET /healthz', 'GET /api/health/tracking', 'POST /e',
      ].sort(),
    );
    expect((await t.app.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});

// Security headers of the API: every JSON answer (success, error, not found) allows nothing and
// may not be framed or sniffed; the docs page (swagger-ui) gets a policy that admits exactly what
// it loads (its own scripts and styles, the document it reads) and nothing else. Answers with a
// policy of their own (smartlink pages) keep it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const NOTHING = "default-src 'none'; frame-ancestors 'none'";

describe.each(DIALECTS)('API security headers on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key = '';

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'headers' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  const get = (url: string, authorized = true) => t.app.inject({ url, headers: authorized ? { authorization: `Bearer ${key}` } : {} });

  it.each([
    { name: 'a list', url: '/api/v1/clients', status: 200 },
    { name: 'the OpenAPI document', url: '/api/openapi.json', status: 200 },
    { name: 'a 401', url: '/api/v1/clients', status: 401, anonymous: true },
    { name: 'a 400', url: '/api/v1/clients?limit=0', status: 400 },
    { name: 'a 404', url: '/api/v1/nothing-here', status: 404 },
    { name: 'the health check', url: '/healthz', status: 200 },
  ])('$name: nothing allowed, never framed, never sniffed', async ({ url, status, anonymous }) => {
    const res = await get(url, !anonymous);
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject({ 'content-security-policy': NOTHING, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
  });

  it('gives the docs page a policy that admits what it loads, and nothing else', async () => {
    const page = await get('/api/docs', false);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    const csp = String(page.headers['content-security-policy']);
    const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({ 'default-src': "'none'", 'script-src': "'self'", 'connect-src': "'self'", 'frame-ancestors': "'none'", 'base-uri': "'none'" });
    expect(csp).not.toMatch(/unsafe-eval|\*|https:/);

    // Every script and stylesheet is its own (admitted by 'self') and is served with its real type
    // (nosniff refuses a script of any other), and so is the document the page reads.
    const assets = [...page.body.matchAll(/<(?:script src|link rel="stylesheet" type="text\/css" href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    expect(page.body).not.toMatch(/<script>|<style>|\son\w+=/); // no inline script or style: 'self' suffices
    for (const asset of assets) {
      expect(asset).toMatch(/^\/api\/docs\/static\//);
      const res = await get(asset, false);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(asset.endsWith('.js') ? /^(application|text)\/javascript/ : /^text\/css/);
    }
    expect((await get('/api/docs/json', false)).json()).toMatchObject({ openapi: '3.0.3' });
  });

  it('leaves a page’s own policy alone', async () => {
    const page = await get('/demo', false);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
  });
});

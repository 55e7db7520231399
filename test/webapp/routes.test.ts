// The web app as the server serves it: index.html for every /app path (the app routes itself),
// hashed assets cached for a year, a strict CSP the build complies with, APP_HOST respected, and
// a clear 503 when there is no build. (The global setup builds the app before the run.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/tenants/client.js';
import { webappRoutes } from '../../src/webapp/routes.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { markDomainVerified } from '../support/domains.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { cspDirective } from '../e2e/support/harness.js';

/** The asset paths index.html loads (/app/assets/…). */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
}

describe('the web app under /app', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database);
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it.each(['/app/', '/app/login', '/app/clients/42/smartlinks/new', '/app/notifications?unread=1'])('answers %s with the app’s index.html, never stored', async (url) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('sends a strict CSP and forbids framing', async () => {
    const res = await t.app.inject({ url: '/app/' });
    const csp = String(res.headers['content-security-policy']);
    expect(cspDirective(csp, 'default-src')).toEqual(["'none'"]);
    expect(cspDirective(csp, 'script-src')).toEqual(["'self'"]);
    expect(cspDirective(csp, 'style-src')).toEqual(["'self'"]);
    expect(cspDirective(csp, 'connect-src')).toEqual(["'self'"]);
    expect(cspDirective(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('builds an index.html with no inline script or style, which that CSP would block', async () => {
    const html = (await t.app.inject({ url: '/app/' })).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/app\/assets\//);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style|style="/);
  });

  it('serves the hashed assets with their content type and a year of cache', async () => {
    const assets = assetsOf((await t.app.inject({ url: '/app/' })).body);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await t.app.inject({ url: asset });
      expect(res.statusCode, asset).toBe(200);
      expect(res.headers['content-type']).toBe(asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.body.length).toBeGreaterThan(1000);
    }
  });

  it('answers an unknown asset with 404, not with the app', async () => {
    const res = await t.app.inject({ url: '/app/assets/index-00000000.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<div id="root">');
  });

  it('leads / and /app to /app/, and leaves the smartlink pages alone', async () => {
    expect((await t.app.inject({ url: '/' })).headers.location).toBe('/app/');
    expect((await t.app.inject({ url: '/app' })).headers.location).toBe('/app/');
    expect((await t.app.inject({ url: '/demo' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/apple' })).statusCode).toBe(404); // a slug that merely starts with "app"
  });

  it('keeps a client’s verified custom domain root its branded 404', async () => {
    const own = await createClient(t.ctx.database.db, { name: 'Own Domain', domain: 'links.label.test', settings: { allowCustomDomains: true } });
    await markDomainVerified(t.ctx.database.db, own);
    const res = await t.app.inject({ url: '/', headers: { host: 'links.label.test' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('the web app with APP_HOST', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { APP_HOST: 'admin.duotrack.test' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('is served on the management host only', async () => {
    expect((await t.app.inject({ url: '/app/', headers: { host: 'admin.duotrack.test' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/', headers: { host: 'admin.duotrack.test' } })).headers.location).toBe('/app/');
    for (const url of ['/app/', '/app/clients/1', '/app']) {
      const res = await t.app.inject({ url, headers: { host: 'links.duotrack.test' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('<div id="root">');
    }
    expect((await t.app.inject({ url: '/', headers: { host: 'links.duotrack.test' } })).statusCode).toBe(404);
  });
});

describe('the web app before it is built', () => {
  const empty = mkdtempSync(join(tmpdir(), 'duotrack-noweb-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('answers a clear 503 that says to run npm run build', async () => {
    const app = Fastify();
    const lookup = { domainClient: async () => null, servesDomain: async () => false, find: async () => null, gone: async () => false, invalidate: () => undefined, close: async () => undefined };
    await app.register(webappRoutes({ config: { appHost: null } as never, lookup }, { root: empty }));
    for (const url of ['/app/', '/app/clients/1', '/app/assets/index.js']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('npm run build');
    }
    await app.close();
  });
});

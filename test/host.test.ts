// One host is one host however it is written: `admin.example.com.` (the DNS root label), upper
// case or with a port name the same site as `admin.example.com`, for APP_HOST (sign-in, sessions,
// no smartlink page there), the smartlink lookup of a custom domain, the request facts and the
// attribution of a click to the page it came from.
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.js';
import { loadConfig } from '../src/config.js';
import { normalHost } from '../src/host.js';
import { createSmartlink } from '../src/links/smartlink.js';
import { createClient } from '../src/tenants/client.js';
import { clickVia } from '../src/tracking/attribution.js';
import { factsFromRequest } from '../src/tracking/request-facts.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/app.js';
import { markDomainVerified } from './support/domains.js';

const VIEW_ID = '01a20d03-cddc-70e1-acb2-7a8dd66bc268';

describe('normalHost', () => {
  it.each([
    { name: 'a plain host', host: 'admin.example.com', expected: 'admin.example.com' },
    { name: 'a trailing dot', host: 'admin.example.com.', expected: 'admin.example.com' },
    { name: 'upper case, a trailing dot and a port', host: 'ADMIN.Example.COM.:8443', expected: 'admin.example.com' },
    { name: 'a port', host: 'links.test:3000', expected: 'links.test' },
    { name: 'an IPv6 literal with a port', host: '[::1]:3000', expected: '[::1]' },
    { name: 'an IPv4 address', host: '127.0.0.1:80', expected: '127.0.0.1' },
  ])('$name', ({ host, expected }) => {
    expect(normalHost(host)).toBe(expected);
  });

  it('normalises APP_HOST the same way', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/dt-config-test', SECRET: 's', APP_HOST: 'Admin.Duotrack.Test.' }).appHost).toBe('admin.duotrack.test');
  });

  it('credits a click whose Referer is the page on the same host written with a trailing dot', () => {
    expect(clickVia(VIEW_ID, null, { referrer: 'https://Music.Label.Test./label-single', host: 'music.label.test' }, 'label-single')).toEqual({ viewId: VIEW_ID });
  });

  it('gives the request facts the normalised host', () => {
    const request = { method: 'GET', ip: '203.0.113.7', headers: {}, host: 'Music.Label.Test.:443', query: {} } as unknown as FastifyRequest;
    expect(factsFromRequest(request).host).toBe('music.label.test');
  });
});

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('a trailing-dot Host on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { APP_HOST: 'admin.duotrack.test' });
    const db = t.ctx.database.db;
    await createUser(db, { email: 'boss@agency.test', password: PASSWORD, role: 'master' });
    const label = await createClient(db, { name: 'Label', domain: 'music.label.test', settings: { allowCustomDomains: true }, branding: { secondaryColor: '#0a0a0a' } });
    await markDomainVerified(db, label);
    await createSmartlink(db, { clientId: label.id, slug: 'label-single', artistName: 'L', trackTitle: 'S', services: [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }], status: 'live' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  const login = (host: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { host }, payload: { email: 'boss@agency.test', password: PASSWORD } });

  it('signs in on APP_HOST written with a trailing dot, upper case or a port, and keeps the session there', async () => {
    for (const host of ['admin.duotrack.test.', 'ADMIN.duotrack.test.:443']) {
      const res = await login(host);
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
      expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { host, cookie } })).statusCode).toBe(200);
    }
  });

  it('still refuses sign-in on another host with a trailing dot', async () => {
    expect((await login('links.duotrack.test.')).json()).toEqual({ error: 'wrong_host', message: 'sign in on admin.duotrack.test' });
  });

  it('serves no smartlink page on APP_HOST with a trailing dot', async () => {
    expect((await t.app.inject({ url: '/demo', headers: { host: 'admin.duotrack.test.' } })).statusCode).toBe(404);
  });

  it('serves a custom domain written with a trailing dot as that domain: its own smartlinks only, its own branding', async () => {
    expect((await t.app.inject({ url: '/label-single', headers: { host: 'music.label.test.' } })).statusCode).toBe(200);
    const foreign = await t.app.inject({ url: '/demo', headers: { host: 'Music.Label.Test.' } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain('--bg:#0a0a0a');
  });

  it('takes the beacon of a page served on a custom domain written with a trailing dot', async () => {
    const page = await t.app.inject({ url: '/label-single', headers: { host: 'music.label.test.' } });
    const v = (JSON.parse(/id="dt-view">([^<]*)</.exec(page.body)![1]!) as { v: string }).v;
    const tags = { gtm: 'not_configured', ga4: 'not_configured', meta: 'not_configured', tiktok: 'not_configured' };
    const beacon = await t.app.inject({ method: 'POST', url: '/e', headers: { host: 'Music.Label.Test.' }, payload: { v, s: 'label-single', kind: 'view', tags, consent: 'not_required' } });
    expect(beacon.statusCode, beacon.body).toBe(204);
  });
});

// The public pages through app.inject(), on every database: what a fan gets, and what is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureContrast } from '../../src/landing/contrast.js';
import { createClient, FONTS } from '../../src/tenants/client.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { SERVICES } from '../../src/links/services.js';
import { preferredCookieName } from '../../src/landing/preferred-service.js';
import { iconOf } from '../../src/landing/service-icons.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { markDomainVerified } from '../support/domains.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

/**
 * The page size bound, logos inlined: 30 KB up to 7 services, then 600 bytes per further service
 * (measured worst cases, 200-character artist and title: 29.3 KB for 7, 31.4 KB for 10, 40.7 KB for 30).
 */
const PAGE_BYTES_BOUND = (services: number) => 30 * 1024 + Math.max(0, services - 7) * 600;

describe.each(DIALECTS)('smartlink pages on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { 'user-agent': PHONE_UA, ...headers } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('renders /demo with artwork, artist, title, services in order, Open Graph tags and a small HTML', async () => {
    const res = await get('/demo');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = res.body;
    expect(body).toContain('<h1>Midnight Drive</h1>');
    expect(body).toContain('Nova Lune');
    expect(body).toMatch(/<img class="art" src="http:\/\/localhost:80\/art\/[0-9a-f]{32}\/320\.jpg"/); // the demo's raster copy; inject's Host is localhost:80
    const order = [...body.matchAll(/data-service="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'tidal', 'soundcloud']);
    expect(body).toContain('<meta property="og:title" content="Nova Lune – Midnight Drive">');
    expect(body).toMatch(/<meta property="og:image" content="http:\/\/localhost:80\/art\/[0-9a-f]{32}\/og\.jpg">/);
    expect(body).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(Buffer.byteLength(body)).toBeLessThan(PAGE_BYTES_BOUND(7)); // logos inlined: the 30 KB
    expect(body).toContain(`--f:${FONTS.system}`); // the real font stack, not HTML-escaped inside <style>
    expect(body).not.toMatch(/<link[^>]+stylesheet|<script[^>]+src=/); // nothing render-blocking: inline style and script only
  });

  it('keeps the heaviest pages within the size bound for their number of services (every logo, the longest texts, a preferred service)', async () => {
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Heavy Records' });
    // Catalogue services heaviest logo first (Audiomack's, Apple Music's…), then custom ones with 60-character labels.
    const catalogue = Object.keys(SERVICES)
      .sort((a, b) => iconOf(b).path.length - iconOf(a).path.length)
      .map((service) => ({ service, url: `https://${service}.example/album/0123456789` }));
    const custom = Array.from({ length: 30 }, (_, i) => ({ service: `custom-${i}`, label: `Store ${i} `.padEnd(60, 'x'), url: `https://store${i}.example/album/0123456789` }));
    for (const count of [7, 12, 30]) {
      const services = [...catalogue, ...custom].slice(0, count);
      const heavy = await createSmartlink(db, { clientId: client.id, slug: `heaviest-${count}`, artistName: 'A'.repeat(200), trackTitle: 'T'.repeat(200), status: 'live', services });
      const res = await get(`/${heavy.slug}`, { cookie: `${preferredCookieName(client.id)}=spotify` });
      expect([...res.body.matchAll(/data-service="/g)]).toHaveLength(count);
      expect(res.body).toContain('forget-service');
      expect(Buffer.byteLength(res.body), `${count} services`).toBeLessThan(PAGE_BYTES_BOUND(count));
    }
    expect(PAGE_BYTES_BOUND(7)).toBe(30 * 1024);
  });

  it('sends a CSP whose per-response nonce is the one on the inline style, and the usual security headers', async () => {
    const [a, b] = [await get('/demo'), await get('/demo')];
    const nonce = /style-src 'nonce-([^']+)'/.exec(String(a.headers['content-security-policy']))?.[1];
    expect(nonce).toBeTruthy();
    expect(a.body).toContain(`<style nonce="${nonce}">`);
    expect(b.headers['content-security-policy']).not.toContain(nonce);
    expect(a.headers['content-security-policy']).toContain("default-src 'none'");
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['x-frame-options']).toBe('DENY');
    expect(a.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(a.headers['cache-control']).toBe('private, no-cache'); // revalidated every time, bfcache-friendly
  });

  it('stores one view per page, committed before the response, with the enrichment blocks', async () => {
    const before = (await storedEvents(t.ctx)).length;
    await get('/demo?utm_source=ig&utm_medium=paid_social&utm_campaign=launch', {
      'x-forwarded-for': '81.2.69.142',
      referer: 'https://l.instagram.com/?u=https%3A%2F%2Fexample.com&e=secret',
    });
    const events = await storedEvents(t.ctx);
    expect(events).toHaveLength(before + 1);
    const view = events.find((e) => e.utm_campaign === 'launch')!;
    expect(view).toMatchObject({
      type: 'view',
      service: null,
      ip_truncated: '81.2.69.0',
      country: 'GB',
      device_type: 'mobile',
      os: 'iOS',
      referrer: 'https://l.instagram.com/',
      referrer_host: 'l.instagram.com',
      channel: 'paid',
      utm_source: 'ig',
      utm_campaign: 'launch',
      excluded_reason: null,
    });
    expect(view.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(view.visitor_id).toMatch(/^[0-9a-f]{32}$/);
    expect(view.session_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('flags the first view of a visitor in the day as unique, and only that one', async () => {
    const ua = `${PHONE_UA} unique-test`;
    await get('/demo', { 'x-forwarded-for': '203.0.113.9', 'user-agent': ua });
    await get('/demo', { 'x-forwarded-for': '203.0.113.9', 'user-agent': ua });
    await get('/demo', { 'x-forwarded-for': '203.0.113.10', 'user-agent': ua });
    const mine = (await storedEvents(t.ctx)).filter((e) => e.user_agent === ua);
    const visitors = [...new Set(mine.map((e) => e.visitor_id))];
    const perVisitor = visitors.map((id) => mine.filter((e) => e.visitor_id === id)).map((views) => [views.length, views.filter((v) => v.is_unique === 1).length]);
    // two visitors: one with two views (one of them unique), one with one unique view
    expect(perVisitor.sort()).toEqual([[1, 1], [2, 1]]);
  });

  it('redirects a click with 302 to the service, stores the click in the view’s session', async () => {
    const ua = `${PHONE_UA} click-test`;
    const page = await get('/demo', { 'x-forwarded-for': '216.160.83.56', 'user-agent': ua });
    const href = /<a href="(\/demo\/spotify\?v=[^"]+)"/.exec(page.body)![1]!; // the link as a browser without JavaScript follows it
    const res = await get(href, { 'x-forwarded-for': '216.160.83.56', 'user-agent': ua, referer: 'http://localhost/demo' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC');
    expect(res.headers['cache-control']).toBe('no-store');
    const mine = (await storedEvents(t.ctx)).filter((e) => e.user_agent === ua);
    const view = mine.find((e) => e.type === 'view');
    const click = mine.find((e) => e.type === 'click');
    // through the page (its Referer): the view's source (direct), not "internal"
    expect(click).toMatchObject({ type: 'click', service: 'spotify', country: 'US', channel: 'direct', referrer_host: null, conversion_path: '["view","spotify"]', revenue: 0.05 });
    expect(click!.session_id).toBe(view!.session_id);
  });

  it('honours per-country destinations', async () => {
    const fr = await get('/demo/amazon-music', { 'x-forwarded-for': '92.184.105.98' });
    const us = await get('/demo/amazon-music', { 'x-forwarded-for': '216.160.83.56' });
    expect(fr.headers.location).toBe('https://music.amazon.fr/albums/B00TSHX8W4');
    expect(us.headers.location).toBe('https://music.amazon.com/albums/B00TSHX8W4');
    const direct = (await storedEvents(t.ctx)).filter((e) => e.service === 'amazon-music');
    expect(direct.every((e) => e.conversion_path === '["amazon-music"]')).toBe(true);
  });

  it('answers HEAD with the page headers and stores it flagged, out of human metrics', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: '/demo', headers: { 'user-agent': 'head-check' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const head = (await storedEvents(t.ctx)).find((e) => e.user_agent === 'head-check');
    expect(head).toMatchObject({ excluded_reason: 'head_request', is_unique: 0 });
  });

  it.each([
    { name: 'link preview', headers: { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' }, reason: 'link_preview' },
    { name: 'crawler', headers: { 'user-agent': 'curl/8.5.0' }, reason: 'crawler' },
    { name: 'empty user agent', headers: { 'user-agent': '' }, reason: 'empty_user_agent' },
    { name: 'prefetch', headers: { 'sec-purpose': 'prefetch', 'user-agent': `${PHONE_UA} prefetch` }, reason: 'prefetch' },
  ])('stores a $name view with its exclusion reason', async ({ headers, reason }) => {
    const before = await storedEvents(t.ctx);
    const res = await get('/demo', headers as Record<string, string>);
    expect(res.statusCode).toBe(200);
    const after = await storedEvents(t.ctx);
    expect(after).toHaveLength(before.length + 1);
    const added = after.find((e) => !before.some((b) => b.event_id === e.event_id))!;
    expect(added.excluded_reason).toBe(reason);
    expect(added.is_unique).toBe(0);
  });

  it('sends a path with a trailing slash to the canonical one (301, query kept), and stores nothing for it', async () => {
    const before = (await storedEvents(t.ctx)).length;
    for (const [url, location] of [
      ['/demo/', '/demo'],
      ['/DEMO/?utm_source=ig&x=1', '/demo?utm_source=ig&x=1'],
      ['/no-such-link/', '/no-such-link'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(301);
      expect(res.headers.location).toBe(location);
    }
    expect((await storedEvents(t.ctx)).length).toBe(before);
    const followed = await get((await get('/demo/')).headers.location as string);
    expect(followed.statusCode).toBe(200);
    expect((await get('/%3Cscript%3E/')).statusCode).toBe(404);
    expect((await get('/api/')).statusCode).toBe(404); // a path the server uses is no smartlink's
  });

  it('answers a branded 404 for unknown slugs, unknown services and drafts, and stores nothing', async () => {
    const client = await createClient(t.ctx.database.db, { name: 'Brandy', branding: { primaryColor: '#123456', secondaryColor: '#654321' } });
    await createSmartlink(t.ctx.database.db, { clientId: client.id, slug: 'brandy-draft', artistName: 'A', trackTitle: 'B', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    const before = (await storedEvents(t.ctx)).length;
    const unknown = await get('/no-such-link');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This link doesn’t exist');
    expect(unknown.body).toContain('Duotrack');
    const service = await get('/demo/napster');
    expect(service.statusCode).toBe(404);
    expect(service.body).toContain('Duotrack Demo Records');
    expect(service.body).toContain(`--p:${ensureContrast('#ff5f6d', '#ffffff')};--bg:#1a1033`); // the demo client's colours, its accent at AA on the rows
    expect((await get('/brandy-draft')).statusCode).toBe(404);
    const deeper = await get('/demo/spotify/extra');
    expect(deeper.statusCode).toBe(404);
    expect(deeper.body).toContain('--bg:#1a1033'); // the demo client's colours
    expect((await storedEvents(t.ctx)).length).toBe(before);
  });

  it('routes a verified custom domain to its own client’s smartlinks only, when custom domains are allowed', async () => {
    const db = t.ctx.database.db;
    const label = await createClient(db, { name: 'Label', domain: 'music.label.test', settings: { allowCustomDomains: true }, branding: { secondaryColor: '#0a0a0a' } });
    const other = await createClient(db, { name: 'Other', domain: 'other.test', settings: { allowCustomDomains: false } });
    await markDomainVerified(db, label);
    await markDomainVerified(db, other);
    const services = [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }];
    await createSmartlink(db, { clientId: label.id, slug: 'label-single', artistName: 'L', trackTitle: 'S', services, status: 'live' });
    await createSmartlink(db, { clientId: other.id, slug: 'other-single', artistName: 'O', trackTitle: 'S', services, status: 'live' });

    expect((await get('/label-single', { host: 'music.label.test' })).statusCode).toBe(200);
    const foreign = await get('/demo', { host: 'music.label.test' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain('--bg:#0a0a0a'); // the label's branding on its own domain
    // custom domains not allowed: the host is an ordinary host
    expect((await get('/demo', { host: 'other.test' })).statusCode).toBe(200);
    expect((await get('/label-single')).statusCode).toBe(200);
  });

  it('escapes every piece of tenant text', async () => {
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: '<img src=x onerror=alert(1)>' });
    await createSmartlink(db, {
      clientId: client.id,
      slug: 'xss',
      artistName: '<script>alert("a")</script>',
      trackTitle: '"><svg onload=alert(1)>',
      artworkUrl: 'https://img.test/a.jpg?x="><script>alert(2)</script>',
      status: 'live',
      services: [{ service: 'my-shop', label: '<b>Shop</b>', url: 'https://shop.test/?a=1&b="2"' }],
    });
    const res = await get('/xss');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/<script>alert|<svg onload|<img src=x|<b>Shop/);
    expect(res.body).toContain('src="https://img.test/a.jpg?x=%22%3E%3Cscript%3Ealert(2)%3C/script%3E"'); // stored normalised: percent-encoded
    expect(res.body).toContain('&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt;');
    expect(res.body).toContain('&lt;b&gt;Shop&lt;/b&gt;');
  });
});

// The headline figures against known truth, on every database: a replay of about 3,800 requests —
// fans with real browser and in-app user agents (the `user-agents` corpus and real in-app
// fixtures) from Instagram, TikTok, search, email or nowhere, reloading, opening a second
// smartlink, tapping with the page script or a plain link, tapping twice, sending the same tap
// twice, following a deep link; prefetches shown and not shown; HEAD checks; and real crawler user
// agents (`crawler-user-agents`) opening pages and service links. The dashboards must show exactly
// the views, unique visitors, clicks, revenue and excluded traffic that the replay's plan says, and
// every click through a page must carry its view's channel and campaign.
import crawlers from 'crawler-user-agents';
import UserAgent from 'user-agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { describeUserAgent } from '../../src/tracking/enrich/user-agent.js';
import { IN_APP_USER_AGENTS } from '../../src/tracking/enrich/fixtures/in-app-user-agents.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { storedEvents } from '../support/events.js';

const FANS = 1_150;
const CRAWLER_HITS = 700;
const HEAD_CHECKS = 40;
const VALUE = 0.3;
const HOST = 'links.test';
const SERVICES = ['spotify', 'deezer', 'apple-music'] as const;
const TAGS = { gtm: 'loaded', ga4: 'blocked', meta: 'not_configured', tiktok: 'not_configured' };

/** Where a fan comes from: the page's query and Referer. */
const SOURCES = [
  { name: 'instagram ad', query: '?utm_source=instagram&utm_medium=paid_social&utm_campaign=release_week', referrer: 'https://l.instagram.com/' },
  { name: 'tiktok bio', query: '', referrer: 'https://www.tiktok.com/' },
  { name: 'newsletter', query: '?utm_source=newsletter&utm_medium=email&utm_campaign=may_letter', referrer: '' },
  { name: 'search', query: '', referrer: 'https://www.google.com/' },
  { name: 'nowhere', query: '', referrer: '' },
] as const;

/** mulberry32: the same replay at every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Truth {
  humanViews: number;
  uniques: Set<string>;
  clicks: number;
  campaignViews: Map<string, number>;
  campaignClicks: Map<string, number>;
  bots: number; // crawler + link_preview, views and clicks
  prefetch: number;
  head: number;
}

describe.each(DIALECTS)('the headline figures of a replay with known truth, on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  let key: string;
  const truth: Truth = { humanViews: 0, uniques: new Set(), clicks: 0, campaignViews: new Map(), campaignClicks: new Map(), bots: 0, prefetch: 0, head: 0 };
  let requests = 0;
  const add = (map: Map<string, number>, campaign: string | undefined) => campaign && map.set(campaign, (map.get(campaign) ?? 0) + 1);

  const request = async (method: 'GET' | 'HEAD' | 'POST', url: string, who: { ua: string; ip: string }, extra: Record<string, string> = {}, payload?: object) => {
    requests += 1;
    const res = await t.app.inject({ method, url, payload, headers: { host: HOST, 'user-agent': who.ua, 'x-forwarded-for': who.ip, ...extra } });
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 200)}`).toBeLessThan(400);
    return res;
  };
  const tokenOf = (body: string) => (JSON.parse(/id="dt-view">([^<]*)</.exec(body)![1]!) as { v: string }).v;

  /** One fan's visit, as the plan draws it; the truth follows the plan, never what was stored. */
  async function fan(i: number, ua: string, rand: () => number): Promise<void> {
    const who = { ua, ip: `${20 + (i >> 8)}.${i & 255}.${(i * 7) & 255}.9` };
    const source = SOURCES[Math.floor(rand() * SOURCES.length)]!;
    const campaign = /utm_campaign=(\w+)/.exec(source.query)?.[1];
    const referrer: Record<string, string> = source.referrer ? { referer: source.referrer } : {};
    const page = (slug: string) => `/${slug}${source.query}`;
    const view = async (slug: string, prefetch = false) => {
      const res = await request('GET', page(slug), who, { ...referrer, ...(prefetch ? { 'sec-purpose': 'prefetch' } : {}) });
      return tokenOf(res.body);
    };
    const seen = (slug: string) => {
      truth.humanViews += 1;
      truth.uniques.add(`${i}|${slug}`);
      add(truth.campaignViews, campaign);
    };
    const clicked = (throughPage: boolean) => {
      truth.clicks += 1;
      if (throughPage) add(truth.campaignClicks, campaign);
    };

    if (rand() < 0.08) {
      // a prefetch: shown (its beacon proves it) or never shown
      const token = await view('drop-a', true);
      if (rand() < 0.5) {
        truth.prefetch += 1;
        return;
      }
      await request('POST', '/e', who, {}, { v: token, s: 'drop-a', kind: 'view', tags: TAGS, consent: 'not_required' });
      seen('drop-a');
      return;
    }
    const token = await view('drop-a');
    seen('drop-a');
    if (rand() < 0.8) await request('POST', '/e', who, {}, { v: token, s: 'drop-a', kind: 'view', tags: TAGS, consent: 'not_required' });
    if (rand() < 0.15) {
      await view('drop-a'); // a reload: a view, not a new visitor
      seen('drop-a');
    }
    if (rand() < 0.45) {
      const service = SERVICES[Math.floor(rand() * SERVICES.length)]!;
      if (rand() < 0.1) {
        // no JavaScript: the plain link of the page's HTML (its view token), the page as Referer
        await request('GET', `/drop-a/${service}?v=${encodeURIComponent(token)}`, who, { referer: `http://${HOST}${page('drop-a')}` });
        clicked(true);
      } else {
        const tap = `/drop-a/${service}?v=${encodeURIComponent(token)}&n=0`;
        await request('GET', tap, who, { referer: `http://${HOST}${page('drop-a')}` });
        clicked(true);
        if (rand() < 0.08) await request('GET', tap, who, { referer: `http://${HOST}${page('drop-a')}` }); // the same tap again: no new click
        if (rand() < 0.1) {
          await request('GET', `/drop-a/${service}?v=${encodeURIComponent(token)}&n=1`, who, { referer: `http://${HOST}${page('drop-a')}` });
          clicked(true);
        }
      }
    }
    if (rand() < 0.2) {
      await view('drop-b');
      seen('drop-b');
    }
    if (rand() < 0.05) {
      await request('GET', '/drop-b/deezer', who, { referer: 'https://t.co/' }); // a deep link shared elsewhere
      clicked(false);
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0', DELIVERY_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    client = await createClient(db, { name: 'Replay Records', conversionValue: VALUE });
    const services = SERVICES.map((service) => ({ service, url: `https://example.com/${service}/album/1` }));
    for (const slug of ['drop-a', 'drop-b']) await createSmartlink(db, { clientId: client.id, slug, artistName: 'Nova Lune', trackTitle: slug, status: 'live', services });
    key = (await createApiKey(db, { clientId: null, name: 'master' })).key;

    const people = [...new Set([...UserAgent.top().map((d) => d.userAgent), ...Object.values(IN_APP_USER_AGENTS).flat()])].filter((ua) => describeUserAgent(ua).bot === null);
    const bots = [...new Set(crawlers.flatMap((c) => c.instances))].filter((ua) => describeUserAgent(ua).bot !== null);
    expect(people.length).toBeGreaterThan(1_000);
    const rand = random(2026);

    for (let i = 0; i < FANS; i += 20) {
      // 20 fans at a time: their events share the writer's batches, as under real traffic
      await Promise.all(Array.from({ length: Math.min(20, FANS - i) }, (_, k) => fan(i + k, people[(i + k) % people.length]!, random(i + k + 1))));
    }
    for (let i = 0; i < CRAWLER_HITS; i++) {
      const who = { ua: bots[Math.floor(rand() * bots.length)]!, ip: `66.249.${i >> 8}.${i & 255}` };
      await request('GET', '/drop-a', who);
      truth.bots += 1;
      if (rand() < 0.1) {
        await request('GET', '/drop-a/spotify', who);
        truth.bots += 1;
      }
    }
    for (let i = 0; i < HEAD_CHECKS; i++) {
      await request('HEAD', '/drop-b', { ua: people[i]!, ip: `203.0.113.${i}` });
      truth.head += 1;
    }
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const api = async (path: string) => {
    const res = await t.app.inject({ url: `/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}clientId=${client.id}`, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('shows exactly the human views, unique visitors, clicks, revenue and excluded traffic of the plan', async () => {
    const overview = await api('overview');
    const excluded = Object.fromEntries((overview.excluded.byReason as { value: string; views: number; clicks: number }[]).map((r) => [r.value, r.views + r.clicks]));
    const actual = {
      views: overview.views,
      uniqueVisitors: overview.uniqueVisitors,
      clicks: overview.clicks,
      revenue: overview.revenue,
      bots: (excluded.crawler ?? 0) + (excluded.link_preview ?? 0),
      prefetch: excluded.prefetch ?? 0,
      head: excluded.head_request ?? 0,
    };
    const expected = {
      views: truth.humanViews,
      uniqueVisitors: truth.uniques.size,
      clicks: truth.clicks,
      revenue: Math.round(truth.clicks * VALUE * 100) / 100,
      bots: truth.bots,
      prefetch: truth.prefetch,
      head: truth.head,
    };
    expect(requests).toBeGreaterThan(3_700); // ~3,800, as in the measured replay
    expect(actual).toEqual(expected);
    const health = (await t.app.inject({ url: `/api/health/tracking?clientId=${client.id}`, headers: { authorization: `Bearer ${key}` } })).json();
    expect(health.stats).toMatchObject({ totalViews: truth.humanViews, uniqueVisitors: truth.uniques.size });
  });

  it('credits every click through a page to its view’s campaign, and the campaign rows add up', async () => {
    const rows = (await api('breakdown/utm_campaign?limit=100')).rows as { value: string; views: number; clicks: number; clickThroughRate: number }[];
    for (const campaign of ['release_week', 'may_letter']) {
      const row = rows.find((r) => r.value === campaign);
      expect(row, campaign).toMatchObject({ views: truth.campaignViews.get(campaign), clicks: truth.campaignClicks.get(campaign) ?? 0 });
      expect(row!.clickThroughRate).toBeCloseTo(row!.clicks / row!.views, 4);
    }
    const overview = await api('overview');
    for (const dimension of ['channel', 'referrer', 'utm_campaign', 'utm_source', 'utm_medium']) {
      const all = (await api(`breakdown/${dimension}?limit=1000`)).rows as { views: number; clicks: number }[];
      expect([all.reduce((n, r) => n + r.views, 0), all.reduce((n, r) => n + r.clicks, 0)], dimension).toEqual([overview.views, overview.clicks]);
    }
    // and on the raw events: a click through the page has its session's view's channel
    const events = await storedEvents(t.ctx);
    const viewChannel = new Map(events.filter((e) => e.type === 'view' && e.excluded_reason === null).map((e) => [e.session_id, e.channel]));
    const throughPage = events.filter((e) => e.type === 'click' && e.excluded_reason === null && e.conversion_path?.startsWith('["view"'));
    expect(throughPage.length).toBeGreaterThan(300);
    expect(throughPage.filter((e) => e.channel !== viewChannel.get(e.session_id))).toEqual([]);
    expect(throughPage.filter((e) => e.channel === 'internal')).toEqual([]);
  });
});

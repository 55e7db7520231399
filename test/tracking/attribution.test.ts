// Session attribution on every database: a click through the page (the page script's tap, or a
// plain link followed from the page: both carry the view token) carries its view's channel,
// referrer and UTM fields, so that the breakdowns by channel, referrer and campaign show views,
// clicks, click-through and revenue that add up; a direct deep link, or a service link copied and
// shared, keeps its own source; another node (an empty cache) finds the view in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createAttribution } from '../../src/tracking/attribution.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const INSTAGRAM_UA = `${PHONE_UA} Instagram 330.0.0.40.92 (iPhone15,2; iOS 17_5; fr_FR; fr; scale=3.00; 1179x2556; 601420827)`;
const HOST = 'localhost:80';

function viewToken(body: string): string {
  const json = /<script type="application\/json" id="dt-view">([^<]*)<\/script>/.exec(body)?.[1];
  return (JSON.parse(json!) as { v: string }).v;
}

/** A service link as the page's HTML gives it (what a browser without JavaScript follows). */
function serviceHref(body: string, service: string): string {
  const href = new RegExp(`<a href="([^"]*/${service}\\?[^"]*)"`).exec(body)?.[1];
  if (href === undefined) throw new Error(`no link to ${service} in the page`);
  return href.replaceAll('&amp;', '&');
}

describe.each(DIALECTS)('click attribution on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  let link: Smartlink;
  let key: string;
  let fan = 0;

  /** A new fan (own address and user agent) opens the page from `referrer` with `query`. */
  const open = async (query: string, referrer: string, ua = INSTAGRAM_UA) => {
    const who = { 'user-agent': `${ua} fan-${++fan}`, 'x-forwarded-for': `216.160.83.${fan}` };
    const res = await t.app.inject({ url: `/release${query}`, headers: { ...who, host: HOST, ...(referrer ? { referer: referrer } : {}) } });
    expect(res.statusCode).toBe(200);
    return { who, token: viewToken(res.body), page: `http://${HOST}/release${query}`, body: res.body };
  };
  const tap = (who: Record<string, string>, path: string, referrer: string | null) =>
    t.app.inject({ url: path, headers: { ...who, host: HOST, ...(referrer ? { referer: referrer } : {}) } });
  const api = async (path: string) => {
    const res = await t.app.inject({ url: `/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}clientId=${client.id}`, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const rowOf = async (dimension: string, value: string) =>
    ((await api(`breakdown/${dimension}?limit=100`)).json().rows as { value: string; views: number; clicks: number; clickThroughRate: number; revenue: number }[]).find((r) => r.value === value);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    client = await createClient(db, { name: 'Label', conversionValue: 0.5 });
    link = await createSmartlink(db, {
      clientId: client.id, slug: 'release', artistName: 'A', trackTitle: 'T', status: 'live',
      services: [{ service: 'spotify', url: 'https://open.spotify.com/album/1' }, { service: 'deezer', url: 'https://www.deezer.com/album/1' }],
    });
    key = (await createApiKey(db, { clientId: null, name: 'master' })).key;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('credits a tap from the page (view token) to the view: Instagram, release_week — 1 view, 1 click, 100 % in every breakdown and the CSV', async () => {
    const { who, token, page } = await open('?utm_campaign=release_week&utm_source=instagram', 'https://l.instagram.com/');
    expect((await tap(who, `/release/spotify?v=${encodeURIComponent(token)}&n=0`, page)).statusCode).toBe(302);

    const click = (await storedEvents(t.ctx)).find((e) => e.type === 'click' && e.user_agent === who['user-agent'])!;
    expect(click).toMatchObject({ channel: 'social', referrer_host: 'l.instagram.com', referrer: 'https://l.instagram.com/', utm_campaign: 'release_week', utm_source: 'instagram', in_app: 'instagram', conversion_path: '["view","spotify"]' });
    for (const [dimension, value] of [['channel', 'social'], ['referrer', 'l.instagram.com'], ['utm_campaign', 'release_week'], ['utm_source', 'instagram']]) {
      expect(await rowOf(dimension!, value!), `${dimension}=${value}`).toMatchObject({ views: 1, clicks: 1, clickThroughRate: 1, revenue: 0.5 });
    }
    const csv = (await api('export.csv?dimension=utm_campaign')).body.trim().split('\r\n');
    expect(csv[0]).toBe('date,smartlink_id,slug,utm_campaign,views,unique_visitors,clicks,click_through_rate,revenue');
    expect(csv.find((line) => line.includes(',release_week,'))).toMatch(/,release,release_week,1,1,1,1,0\.5$/);
  });

  it('credits a plain link followed from the page (no JavaScript: the link’s token, the page as Referer) to its view', async () => {
    const { who, page, body, token } = await open('?utm_campaign=newsletter_may&utm_medium=email', 'https://mail.google.com/');
    const href = serviceHref(body, 'deezer');
    expect(href).toBe(`/release/deezer?v=${token}`);
    expect((await tap(who, href, page)).statusCode).toBe(302);
    const click = (await storedEvents(t.ctx)).find((e) => e.type === 'click' && e.user_agent === who['user-agent'])!;
    expect(click).toMatchObject({ channel: 'email', referrer_host: 'mail.google.com', utm_campaign: 'newsletter_may', utm_medium: 'email', conversion_path: '["view","deezer"]' });
    expect(await rowOf('utm_campaign', 'newsletter_may')).toMatchObject({ views: 1, clicks: 1, clickThroughRate: 1 });
  });

  it('leaves a direct deep link, a service link copied and shared, and a link from another page with their own source', async () => {
    const sharer = await open('?utm_campaign=sharers_campaign', 'https://l.instagram.com/');
    const shared = serviceHref(sharer.body, 'spotify');
    const direct = { 'user-agent': `${PHONE_UA} deep`, 'x-forwarded-for': '216.160.83.200' };
    await tap(direct, '/release/spotify?utm_campaign=story_swipe', 'https://t.co/');
    await tap(direct, '/release/deezer', `http://${HOST}/other-page`);
    await tap(direct, shared, 'https://www.reddit.com/'); // the sharer's link, opened by someone else
    const clicks = (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.user_agent === direct['user-agent']);
    expect(clicks.map((c) => [c.service, c.channel, c.referrer_host, c.utm_campaign, c.conversion_path])).toEqual(
      expect.arrayContaining([
        ['spotify', 'social', 't.co', 'story_swipe', '["spotify"]'],
        ['deezer', 'internal', 'localhost', null, '["deezer"]'],
        ['spotify', 'social', 'reddit.com', null, '["spotify"]'],
      ]),
    );
  });

  it('adds up: per channel, views and clicks sum to the totals, and no click is left "internal" when it came through a page', async () => {
    const overview = (await api('overview')).json();
    const rows = (await api('breakdown/channel?limit=100')).json().rows as { value: string; views: number; clicks: number }[];
    expect(rows.reduce((n, r) => n + r.views, 0)).toBe(overview.views);
    expect(rows.reduce((n, r) => n + r.clicks, 0)).toBe(overview.clicks);
    const internal = (await storedEvents(t.ctx)).filter((e) => e.type === 'click' && e.channel === 'internal');
    expect(internal.map((e) => e.conversion_path)).toEqual(['["deezer"]']); // only the link from another page
  });

  it('finds the view in the database when this node has not seen it (another app node, a restart)', async () => {
    const { who, token } = await open('?utm_campaign=cross_node', 'https://www.tiktok.com/');
    const events = await storedEvents(t.ctx);
    const view = events.find((e) => e.type === 'view' && e.user_agent === who['user-agent'])!;
    const otherNode = createAttribution(t.ctx.database);
    expect(view.event_id).toBe(token.split('.')[0]);
    expect(await otherNode.sourceOf({ viewId: view.event_id })).toMatchObject({ channel: 'social', referrer_host: 'tiktok.com', utm_campaign: 'cross_node', utm_source: null });
    expect(await otherNode.sourceOf({ viewId: '01900000-0000-7000-8000-000000000000' })).toBeNull();
  });

  it('keeps a bot’s click out of attribution (it stays excluded, with its own source)', async () => {
    const { token, page } = await open('?utm_campaign=bots', 'https://l.instagram.com/');
    const bot = { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'x-forwarded-for': '66.249.66.1' };
    await tap(bot, `/release/spotify?v=${encodeURIComponent(token)}&n=0`, page);
    const click = (await storedEvents(t.ctx)).find((e) => e.type === 'click' && e.user_agent === bot['user-agent'])!;
    expect(click).toMatchObject({ excluded_reason: 'crawler', channel: 'internal', utm_campaign: null });
  });
});


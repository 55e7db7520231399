// `npm run screenshots`: the README's pictures of the web app and of the fan page. Builds the app,
// starts Duotrack on a throwaway SQLite database, seeds three clients with smartlinks and five
// weeks of realistic traffic (through the real tracking pipeline: GeoIP, user agents, referrers,
// UTM tags, bots, browser confirmations, a failing GTM), then photographs the main screens and the
// demo's fan page (phone, desktop, consent banner in French, 404, privacy page) with the system
// Chromium into docs/screenshots/. Nothing is downloaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { build } from 'vite';
import { buildApp } from '../src/app.js';
import { createUser } from '../src/auth/users.js';
import { loadConfig } from '../src/config.js';
import { openContext, type Context } from '../src/context.js';
import { createSmartlink, type Smartlink } from '../src/links/smartlink.js';
import { createOutbound } from '../src/delivery/outbound.js';
import { createAlertEngine } from '../src/monitoring/alerts.js';
import { createClient, getClient, type Client } from '../src/tenants/client.js';
import { seedDemo } from '../src/tenants/demo.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
const PASSWORD = 'screenshots only, not a secret';
const DAY = 86_400_000;

/** Addresses the bundled GeoLite2 data places in these countries (some with a city). */
const FANS: readonly { readonly ip: string; readonly weight: number }[] = [
  { ip: '92.184.105.98', weight: 30 }, // FR
  { ip: '81.2.69.142', weight: 14 }, // GB, Bracknell
  { ip: '2.125.160.216', weight: 6 }, // GB, Plymouth
  { ip: '216.160.83.56', weight: 16 }, // US, Tacoma
  { ip: '78.46.0.1', weight: 9 }, // DE, Nuremberg
  { ip: '84.17.46.1', weight: 6 }, // NL, Amsterdam
  { ip: '80.58.0.33', weight: 5 }, // ES
  { ip: '89.233.104.1', weight: 4 }, // JP, Tokyo
  { ip: '1.120.0.1', weight: 3 }, // AU, Melbourne
  { ip: '190.210.0.1', weight: 3 }, // AR
  { ip: '41.203.64.1', weight: 2 }, // NG, Lagos
  { ip: '89.160.20.112', weight: 2 }, // SE
];

const AGENTS: readonly { readonly ua: string; readonly weight: number }[] = [
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', weight: 30 },
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 331.0.2.23.98 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 614040212)', weight: 18 },
  { ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', weight: 20 },
  { ua: 'Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 trill_350402 BytedanceWebview/d8a21c6', weight: 8 },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', weight: 12 },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', weight: 8 },
  { ua: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', weight: 4 },
];

const SOURCES: readonly { readonly referrer: string; readonly query: Readonly<Record<string, string>>; readonly weight: number }[] = [
  { referrer: '', query: {}, weight: 20 },
  { referrer: 'https://l.instagram.com/', query: { utm_source: 'instagram', utm_medium: 'social', utm_campaign: 'release-week' }, weight: 26 },
  { referrer: 'https://www.tiktok.com/', query: { utm_source: 'tiktok', utm_medium: 'social', utm_campaign: 'release-week' }, weight: 14 },
  { referrer: 'https://t.co/', query: {}, weight: 6 },
  { referrer: 'https://www.google.com/', query: {}, weight: 8 },
  { referrer: 'https://mail.google.com/', query: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'fan-club' }, weight: 8 },
  { referrer: 'https://www.facebook.com/', query: { utm_source: 'facebook', utm_medium: 'paid', utm_campaign: 'playlist-push' }, weight: 10 },
];

const BOTS = ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'Twitterbot/1.0', 'curl/8.5.0', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'];

/** A small deterministic PRNG (mulberry32), so every run draws the same traffic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(2026);
function weighted<T extends { readonly weight: number }>(items: readonly T[]): T {
  let u = rand() * items.reduce((s, i) => s + i.weight, 0);
  for (const item of items) if ((u -= item.weight) < 0) return item;
  return items[items.length - 1] as T;
}

/** A fan as the tracker sees one: an address and a browser. */
interface Fan {
  readonly ip: string;
  readonly agent: (typeof AGENTS)[number];
}

interface Release {
  readonly client: Client;
  readonly smartlink: Smartlink;
  /** Days ago it came out (traffic peaks then decays), and its peak daily views. */
  readonly releasedDaysAgo: number;
  readonly peak: number;
}

async function seed(ctx: Context): Promise<{ clients: Client[]; releases: Release[] }> {
  const db = ctx.database.db;
  const { smartlink: demoLink } = await seedDemo(db);
  const nova = await createClient(db, {
    name: 'Nova Records',
    timeZone: 'Europe/Paris',
    conversionValue: 0.04,
    tracking: { gtm: 'GTM-NOVA123', ga4: 'G-NOVA12345' },
    branding: { logo: null, primaryColor: '#ffc371', secondaryColor: '#3a1c71', font: 'rounded' },
  });
  const harbor = await createClient(db, {
    name: 'Harbor Lights Music',
    timeZone: 'America/New_York',
    conversionValue: 0.03,
    tracking: { facebook: '123456789012345', tiktok: 'CABCDEFGHIJ1234567890' },
    branding: { logo: null, primaryColor: '#2ec4b6', secondaryColor: '#0b132b', font: 'system' },
  });
  const services = (id: string) => [
    { service: 'spotify', url: `https://open.spotify.com/track/${id}` },
    { service: 'apple-music', url: `https://music.apple.com/us/album/${id}` },
    { service: 'deezer', url: `https://www.deezer.com/track/${id}` },
    { service: 'youtube-music', url: `https://music.youtube.com/watch?v=${id}` },
    { service: 'amazon-music', url: `https://music.amazon.com/albums/${id}`, countries: { FR: `https://music.amazon.fr/albums/${id}`, DE: `https://music.amazon.de/albums/${id}` } },
  ];
  const link = (client: Client, slug: string, artistName: string, trackTitle: string, daysAgo: number) =>
    createSmartlink(db, { clientId: client.id, slug, artistName, trackTitle, artworkUrl: '/assets/demo-cover.svg', releaseDate: new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10), status: 'live', services: services(slug) });
  const demoClient = (await getClient(db, demoLink.clientId)) as Client;
  const releases: Release[] = [
    { client: demoClient, smartlink: demoLink, releasedDaysAgo: 12, peak: 70 },
    { client: nova, smartlink: await link(nova, 'golden-hour', 'Lune Rouge', 'Golden Hour', 6), releasedDaysAgo: 6, peak: 95 },
    { client: nova, smartlink: await link(nova, 'paper-planes', 'Lune Rouge', 'Paper Planes', 27), releasedDaysAgo: 27, peak: 60 },
    { client: nova, smartlink: await link(nova, 'tidewater', 'The Quiet Coast', 'Tidewater', 18), releasedDaysAgo: 18, peak: 40 },
    { client: harbor, smartlink: await link(harbor, 'night-ferry', 'Marlow & Finch', 'Night Ferry', 3), releasedDaysAgo: 3, peak: 55 },
    { client: harbor, smartlink: await link(harbor, 'north-star', 'Marlow & Finch', 'North Star', 33), releasedDaysAgo: 33, peak: 35 },
  ];
  await createSmartlink(db, { clientId: nova.id, slug: 'winter-ep', artistName: 'Lune Rouge', trackTitle: 'Winter EP', status: 'draft', services: services('winter-ep') });
  return { clients: [demoClient, nova, harbor], releases };
}

/** Five weeks of fans: views, clicks, browser confirmations (some tags blocked), bots, prefetches. */
async function traffic(ctx: Context, releases: readonly Release[], now: number): Promise<void> {
  const pending: Promise<void>[] = [];
  const flush = async () => {
    await Promise.all(pending.splice(0));
  };
  const facts = (at: number, ip: string, ua: string, referrer = '', query: Readonly<Record<string, string>> = {}, headers: Record<string, string> = {}, method = 'GET') => ({
    method,
    ip,
    userAgent: ua,
    referrer,
    host: 'links.duotrack.test',
    query,
    headers,
    now: at,
  });
  for (const release of releases) {
    const { client, smartlink } = release;
    const serviceIds = smartlink.services.map((s) => s.service);
    let previous: Fan | null = null;
    for (let daysAgo = 35; daysAgo >= 0; daysAgo--) {
      const age = release.releasedDaysAgo - daysAgo; // days since release (negative: before)
      const level = age < 0 ? 0.06 : Math.exp(-age / 9) * (0.75 + rand() * 0.5);
      const views = Math.round(release.peak * level * (daysAgo === 0 ? 0.6 : 1));
      for (let i = 0; i < views; i++) {
        // Evening-heavy hours of the day; today only up to now.
        const hour = Math.min(23, Math.floor(8 + rand() * 16 + (rand() < 0.4 ? 3 : 0)));
        let at = now - daysAgo * DAY - (now % DAY) + hour * 3_600_000 + Math.floor(rand() * 3_600_000);
        if (at > now - 60_000) at = now - 60_000 - Math.floor(rand() * 6 * 3_600_000);
        // One view in five is a fan coming back (same address and browser): not a new unique visitor.
        const returning: Fan | null = previous && rand() < 0.2 ? previous : null;
        const agent: Fan['agent'] = returning?.agent ?? weighted(AGENTS);
        const ip: string = returning?.ip ?? weighted(FANS).ip.replace(/\.\d+$/, `.${1 + Math.floor(rand() * 250)}`);
        previous = { ip, agent };
        const source = weighted(SOURCES);
        const { event, stored } = ctx.tracker.track(facts(at, ip, agent.ua, source.referrer, source.query), { type: 'view', client, smartlink, service: null });
        pending.push(stored);
        if (rand() < 0.9) {
          // GTM fails for a share of Nova's fans (an ad-blocker list): the failing-tags alert below.
          const tags = JSON.stringify({ gtm: client.tracking.gtm ? (rand() < 0.15 ? 'blocked' : 'loaded') : 'not_configured', ga4: client.tracking.ga4 ? 'loaded' : 'not_configured', meta: client.tracking.facebook ? 'loaded' : 'not_configured', tiktok: client.tracking.tiktok ? 'loaded' : 'not_configured' });
          pending.push(ctx.tracker.track(facts(at + 900, ip, agent.ua, '', {}, {}, 'POST'), { type: 'client', client, smartlink, service: null, confirmation: { confirms: event.event_id, client_tags: tags, client_consent: 'not_required' } }).stored);
        }
        if (rand() < 0.42) {
          const service = serviceIds[Math.floor(Math.pow(rand(), 1.6) * serviceIds.length)] as string;
          pending.push(ctx.tracker.track(facts(Math.min(now - 1000, at + 4_000 + Math.floor(rand() * 40_000)), ip, agent.ua), { type: 'click', client, smartlink, service, via: { viewId: event.event_id } }).stored);
        }
        if (rand() < 0.06) pending.push(ctx.tracker.track(facts(at + 5, `66.249.66.${Math.floor(rand() * 200)}`, BOTS[Math.floor(rand() * BOTS.length)] as string), { type: 'view', client, smartlink, service: null }).stored);
        if (rand() < 0.03) pending.push(ctx.tracker.track(facts(at - 2_000, ip, agent.ua, '', {}, { 'sec-purpose': 'prefetch' }), { type: 'view', client, smartlink, service: null }).stored);
        if (pending.length > 400) await flush();
      }
    }
  }
  // Fans on the pages right now, for the live panel.
  for (let i = 0; i < 9; i++) {
    const release = releases[i % 3] as Release;
    const fan = weighted(FANS);
    const at = now - Math.floor(rand() * 4 * 60_000);
    pending.push(ctx.tracker.track(facts(at, fan.ip.replace(/\.\d+$/, `.${200 + i}`), weighted(AGENTS).ua, 'https://l.instagram.com/'), { type: 'view', client: release.client, smartlink: release.smartlink, service: null }).stored);
  }
  await flush();
}

/** An hour in which GTM failed in most of Nova's browsers: the dashboard notification. */
async function failingTags(ctx: Context, nova: Client, smartlink: Smartlink, now: number): Promise<void> {
  const blocked = JSON.stringify({ gtm: 'blocked', ga4: 'loaded', meta: 'not_configured', tiktok: 'not_configured' });
  const pending: Promise<void>[] = [];
  for (let i = 0; i < 24; i++) {
    const at = now - 50 * 60_000 + i * 60_000;
    const ip = `92.184.105.${10 + i}`;
    const ua = (AGENTS[i % AGENTS.length] as { ua: string }).ua;
    const { event, stored } = ctx.tracker.track({ method: 'GET', ip, userAgent: ua, referrer: '', host: 'links.duotrack.test', query: {}, headers: {}, now: at }, { type: 'view', client: nova, smartlink, service: null });
    pending.push(stored);
    pending.push(ctx.tracker.track({ method: 'POST', ip, userAgent: ua, referrer: '', host: 'links.duotrack.test', query: {}, headers: {}, now: at + 900 }, { type: 'client', client: nova, smartlink, service: null, confirmation: { confirms: event.event_id, client_tags: i < 20 ? blocked : '{}', client_consent: 'not_required' } }).stored);
  }
  await Promise.all(pending);
  await createAlertEngine(ctx.database.db, { warn: () => undefined, error: () => undefined }, { slackWebhookUrl: null, outbound: createOutbound([]) }).evaluate(now);
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  console.log(`  docs/screenshots/${name}.png`);
}

/** The demo's fan page as fans see it: on a phone and a desktop (consent refused earlier: no banner), the banner in French, the 404 and privacy pages. */
async function shootFanPages(browser: Browser, origin: string): Promise<void> {
  const refused = [{ name: 'dt_consent', value: 'denied', url: origin }];
  const open = async (options: { width: number; height: number; scale: number; locale: string; consent?: 'refused' }, path: string) => {
    const context = await browser.newContext({ viewport: { width: options.width, height: options.height }, deviceScaleFactor: options.scale, locale: options.locale });
    await context.route((url) => url.origin !== origin, (route) => route.abort()); // before consent the page asks nothing of another host anyway
    if (options.consent) await context.addCookies(refused);
    const page = await context.newPage();
    await page.goto(`${origin}${path}`);
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))));
    return page;
  };
  const phone = { width: 375, height: 812, scale: 2, locale: 'en-GB' };
  await shoot(await open({ ...phone, consent: 'refused' }, '/demo'), 'smartlink-phone');
  await shoot(await open({ width: 1280, height: 860, scale: 1, locale: 'en-GB', consent: 'refused' }, '/demo'), 'smartlink-desktop', false);
  const french = await open({ ...phone, locale: 'fr-FR' }, '/demo');
  await french.locator('#dt-consent').waitFor(); // an unknown location is asked, as the EEA is
  await shoot(french, 'smartlink-consent-fr', false);
  await shoot(await open(phone, '/demo/no-such-service'), 'smartlink-404', false);
  await shoot(await open(phone, '/privacy/demo'), 'smartlink-privacy', false);
}

async function main(): Promise<void> {
  console.log('Building the web app…');
  process.env.NODE_ENV = 'production';
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), mode: 'production', logLevel: 'warn' });

  const dataDir = mkdtempSync(join(tmpdir(), 'duotrack-screenshots-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dataDir, 'duotrack.db')}`, DATA_DIR: dataDir, SECRET: 'screenshots', ALERT_INTERVAL_MS: '0', LOG_LEVEL: 'silent' });
  const ctx = await openContext(config, pino({ level: 'silent' }));
  const app = buildApp(ctx);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    console.log('Seeding clients, smartlinks and five weeks of traffic…');
    const now = Date.now();
    const { clients, releases } = await seed(ctx);
    const [, nova] = clients as [Client, Client, Client];
    await traffic(ctx, releases, now);
    await failingTags(ctx, nova, (releases[1] as Release).smartlink, now);
    await createUser(ctx.database.db, { email: 'agency@duotrack.test', password: PASSWORD, role: 'master' });

    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, locale: 'en-GB' });
    // Nothing leaves this machine: the app makes no third-party request anyway.
    await context.route((url) => url.origin !== origin, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${origin}/app/`);
    await page.getByLabel('Email').fill('agency@duotrack.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    console.log('Taking screenshots…');
    await page.getByRole('heading', { name: 'All clients' }).waitFor();
    await page.locator('.master-table tbody tr').first().waitFor();
    await shoot(page, 'webapp-master');

    await page.goto(`${origin}/app/clients/${nova.id}?period=30d`);
    await page.locator('[data-testid="metric-views"]').filter({ hasNotText: '…' }).waitFor();
    await page.locator('.chart-svg').waitFor();
    await page.locator('[data-testid="live-views"]').waitFor();
    await page.locator('.panel .bar-list').nth(1).waitFor();
    await shoot(page, 'webapp-dashboard');

    const golden = (releases[1] as Release).smartlink;
    await page.goto(`${origin}/app/clients/${nova.id}/smartlinks/${golden.id}`);
    await page.locator('.qr-canvas').waitFor();
    await shoot(page, 'webapp-smartlink-editor');

    await page.goto(`${origin}/app/clients/${nova.id}/settings`);
    await page.getByRole('heading', { name: 'Branding' }).waitFor();
    await shoot(page, 'webapp-client-settings');

    await page.goto(`${origin}/app/notifications`);
    await page.locator('.alert-item').first().waitFor();
    await shoot(page, 'webapp-notifications', false);

    // An invitation (no SMTP here: the screen hands over the link), then the audit log that recorded it.
    await page.goto(`${origin}/app/users`);
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill('marketing@nova-lune.test');
    await invite.getByLabel('Client').selectOption({ label: nova.name });
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('row', { name: /marketing@nova-lune\.test/ }).waitFor();
    await shoot(page, 'webapp-users');

    await page.goto(`${origin}/app/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('row').nth(1).waitFor(); // the invitation, newest first
    await shoot(page, 'webapp-audit', false);

    await page.goto(`${origin}/app/privacy`);
    await page.getByRole('heading', { level: 2, name: 'Export raw events' }).waitFor();
    await shoot(page, 'webapp-privacy', false);

    // The same dashboard to a French browser (the app speaks the browser's language), in dark mode.
    const french = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, locale: 'fr-FR', colorScheme: 'dark', storageState: await context.storageState() });
    await french.route((url) => url.origin !== origin, (route) => route.abort());
    const frenchPage = await french.newPage();
    await frenchPage.goto(`${origin}/app/clients/${nova.id}?period=30d`);
    await frenchPage.locator('[data-testid="metric-views"]').filter({ hasNotText: '…' }).waitFor();
    await frenchPage.locator('.chart-svg').waitFor();
    await frenchPage.locator('[data-testid="live-views"]').waitFor();
    await shoot(frenchPage, 'webapp-dashboard-fr');

    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'en-GB', storageState: await context.storageState() });
    await phone.route((url) => url.origin !== origin, (route) => route.abort());
    const mobile = await phone.newPage();
    await mobile.goto(`${origin}/app/clients/${nova.id}?period=7d`);
    await mobile.locator('[data-testid="metric-views"]').filter({ hasNotText: '…' }).waitFor();
    await mobile.locator('.chart-svg').waitFor();
    await shoot(mobile, 'webapp-dashboard-phone', false);

    await shootFanPages(browser, origin);
  } finally {
    await browser.close();
    await app.close();
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

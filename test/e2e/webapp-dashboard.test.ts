// The dashboard with real traffic: a fan's page view (a real page load in a fresh browser) shows in
// the live panel within seconds and in the overview; a click moves clicks and click-through rate;
// each figure against the period before; the world map colours the fans' countries; campaign and
// channel tables with click-through; today's hours still to come are not drawn; every time is in
// the client's zone, named; the drill-down narrows everything to one smartlink; the CSV export
// button downloads exactly the rows shown; master sees every client side by side, each figure with
// its change; a client user never gets another client's figures; the dashboard in French.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { PHONE_UA } from '../support/events.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug, type TaggedLink } from './support/server.js';
import { addStaff, eventually, apiFromPage, expectCleanPage, signIn } from './support/webapp.js';

const metric = (page: Page, key: string) => page.getByTestId(`metric-${key}`);

/** Today's date in a time zone, as the reports name it. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The hour of the day (0–23) in a time zone. */
function hourIn(timeZone: string, at = Date.now()): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
}

const DAY_MS = 86_400_000;

describe('web app: dashboard', () => {
  const e2e = useE2E();
  let client: Client;
  let other: Client;
  let first: TaggedLink;
  let second: TaggedLink;

  beforeAll(async () => {
    const db = e2e.server.t.ctx.database.db;
    // No tags: the page's own beacon still confirms each view.
    client = await createClient(db, { name: 'Dashboard Records', timeZone: 'Europe/Paris', conversionValue: 0.5, currency: 'EUR' });
    other = await createClient(db, { name: 'Other Label' });
    const link = async (owner: Client, title: string): Promise<TaggedLink> => {
      const smartlink = await createSmartlink(db, {
        clientId: owner.id,
        slug: uniqueSlug('dash'),
        artistName: 'Nova Lune',
        trackTitle: title,
        status: 'live',
        services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }, { service: 'deezer', url: 'https://www.deezer.com/track/1' }],
      });
      return { client: owner, smartlink, path: `/${smartlink.slug}` };
    };
    first = await link(client, 'First Single');
    second = await link(client, 'Second Single');
    const elsewhere = await link(other, 'Not Yours');
    // The other client's traffic must never show in this client's figures.
    const rival = await e2e.visitor({ ip: VISITOR_IPS.US });
    await e2e.visit(rival, elsewhere.path);
    // The period before the default 30 days: 4 views and 2 clicks 40 days ago.
    const { tracker } = e2e.server.t.ctx;
    const at = Date.now() - 40 * DAY_MS;
    const past = (type: 'view' | 'click', i: number) =>
      tracker.track({ method: 'GET', ip: `81.2.69.${20 + i}`, userAgent: `${PHONE_UA} past${i}`, referrer: '', host: 'localhost', query: {}, headers: {}, now: at + i * 1000 }, { type, client, smartlink: first.smartlink, service: type === 'click' ? 'spotify' : null }).stored;
    await Promise.all([0, 1, 2, 3].map((i) => past('view', i)));
    await Promise.all([0, 1].map((i) => past('click', i)));
  });

  /** A fan in a fresh browser context opens the page (a real page load), from a campaign's link; optionally taps Spotify. */
  async function fanVisit(link: TaggedLink, ip: string, click = false): Promise<void> {
    const fan = await e2e.visitor({ ip });
    const { page, response } = await e2e.visit(fan, `${link.path}?utm_campaign=spring_push&utm_medium=email`);
    expect(response.status()).toBe(200);
    if (click) {
      await page.click('a[data-service="spotify"]');
      await page.waitForURL(/^https:\/\/open\.spotify\.com\//, { waitUntil: 'domcontentloaded', timeout: 5_000 });
    }
    await fan.close();
  }

  it('shows a fan’s view in the live panel within seconds, then in the overview, and a click in clicks and CTR', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await eventually(() => metric(page, 'views').textContent()).toBe('0');
    await eventually(() => page.getByTestId('live-views').textContent()).toBe('0');

    await fanVisit(first, VISITOR_IPS.FR);
    // The live panel refreshes itself every 5 s: no reload.
    await eventually(() => page.getByTestId('live-views').textContent(), 15_000).toBe('1');
    expect(await page.getByTestId('live-active').textContent()).toBe('1');
    expect(await page.locator('.live-top').textContent()).toContain('Nova Lune – First Single');

    await fanVisit(first, VISITOR_IPS.GB, true);
    await page.reload();
    await eventually(() => metric(page, 'views').textContent(), 10_000).toBe('2');
    expect(await metric(page, 'uniqueVisitors').textContent()).toBe('2');
    expect(await metric(page, 'clicks').textContent()).toBe('1');
    expect(await metric(page, 'clickThroughRate').textContent()).toBe('50.0%');
    expect(await metric(page, 'revenue').textContent()).toBe('€0.50'); // in the client's currency
    // each figure has its definition next to it
    expect(await page.locator('[data-metric="clickThroughRate"] .metric-definition').textContent()).toContain('Clicks divided by views');
    // …and its change from the 30 days before (4 views, 2 clicks): in words, an arrow and a colour
    const change = (key: string) => page.getByTestId(`change-${key}`);
    expect(await change('views').textContent()).toBe('▼ -50.0% vs the previous 30 days (4)');
    expect(await change('views').locator('.change').getAttribute('class')).toContain('change-down');
    expect(await change('clicks').textContent()).toBe('▼ -50.0% vs the previous 30 days (2)');
    expect(await change('clickThroughRate').textContent()).toBe('= 0.0% vs the previous 30 days (50.0%)');
    expect(await change('revenue').textContent()).toBe('▼ -50.0% vs the previous 30 days (€1.00)');
    // the world map colours the fans' countries, and only those
    const map = page.locator('.map-svg');
    await map.waitFor();
    await eventually(() => page.locator('.map-country[data-country="FR"]').getAttribute('class')).toContain('map-level-5');
    expect(await page.locator('.map-country[data-country="GB"]').getAttribute('class')).toContain('map-level-5');
    expect(await page.locator('.map-country:not(.map-level-0)').count()).toBe(2);
    expect(await page.locator('.map-country[data-country="US"]').getAttribute('class')).toContain('map-level-0'); // the other client's fan
    expect(await page.locator('.map-country[data-country="FR"] title').textContent()).toBe('France: 1 view');
    expect(await page.locator('.map-legend').textContent()).toContain('No views');
    // every country's figures as a table too, for the keyboard and screen readers
    await page.locator('.panel-map summary').click();
    expect((await page.getByRole('table', { name: 'Views by country' }).locator('tbody tr').allTextContents()).sort()).toEqual(['France10', 'United Kingdom11']);
    // campaigns and channels, with click-through (the click carries its view's campaign and channel)
    const table = (name: string) => page.getByRole('table', { name });
    const cells = async (name: string) => (await table(name).locator('tbody tr').allTextContents()).map((r) => r.trim());
    await eventually(() => cells('Campaigns')).toEqual(['spring_push2150.0%']);
    expect(await table('Campaigns').locator('thead').textContent()).toBe('UTM campaignViewsClicksCTR');
    expect(await table('Campaigns').locator('thead abbr').getAttribute('title')).toBe('Click-through rate: clicks / views');
    await eventually(() => cells('Channels')).toEqual(['E-mail2150.0%']);
    // consent and opt-outs
    const privacy = page.locator('.panel-privacy');
    expect(await privacy.getByRole('list', { name: 'Opt-outs (anonymous counts)' }).textContent()).toMatch(/\(measured\).*2 views · 1 click(?!s)/);
    expect(await privacy.getByRole('list', { name: 'Consent (as the fans’ browsers reported it)' }).count()).toBe(1);
    // top countries and the service breakdown
    await eventually(() => page.getByRole('list', { name: 'Top countries' }).textContent()).toContain('France');
    expect(await page.getByRole('list', { name: 'Top countries' }).textContent()).toContain('United Kingdom');
    // counts read in the right number: "1 view · 0 clicks", "1 view · 1 click"
    expect(await page.getByRole('list', { name: 'Top countries' }).textContent()).toMatch(/France.*1 view · 0 clicks/);
    expect(await page.getByRole('list', { name: 'Top countries' }).textContent()).toMatch(/United Kingdom.*1 view · 1 click(?!s)/);
    await eventually(() => page.getByRole('list', { name: 'Service breakdown' }).textContent()).toContain('Spotify');
    // every breakdown the API offers is in the list, the consent log's and the opt-outs' too
    const breakdowns = page.getByLabel('Break down by');
    expect(await breakdowns.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Consent', 'Opt-out']));
    await breakdowns.selectOption('opt_out');
    await eventually(() => page.getByRole('list', { name: 'Opt-out breakdown' }).textContent()).toMatch(/\(measured\).*2 views · 1 click(?!s)/);
    expect(new URL(page.url()).searchParams.get('by')).toBe('opt_out');
    // the chart has today's views
    await page.locator('.chart').getByText('Show the numbers').click();
    await eventually(() => page.locator('.chart .chart-table tbody tr:last-child td').first().textContent()).toBe('2');
    expectCleanPage(staff);
  });

  it('draws today by hour up to the current hour in the client’s time zone, and names that zone everywhere', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.getByRole('button', { name: 'Today' }).click();
    await eventually(() => new URL(page.url()).searchParams.get('period')).toBe('today');
    const hour = hourIn('Europe/Paris');
    await page.locator('.chart-svg').waitFor();
    // the lines stop at this hour in Paris (the browser runs in UTC): hour + 1 points, none after
    const points = async () => {
      const line = await page.locator('polyline.chart-series-2').getAttribute('points');
      return line ? line.trim().split(/\s+/).length : await page.locator('circle.chart-series-2').count();
    };
    const drawn = await points();
    expect([hour + 1, hourIn('Europe/Paris') + 1]).toContain(drawn); // the hour may turn meanwhile
    await page.locator('.chart').getByText('Show the numbers').click();
    expect(await page.locator('.chart .chart-table tbody tr').count()).toBe(24);
    expect(await page.locator('.chart .chart-table tbody tr', { hasText: 'not yet' }).count()).toBe(24 - drawn);
    expect(await page.locator('.chart-svg title').textContent()).toBe('Views, unique visitors and clicks by hour (Europe/Paris)');
    // one zone everywhere: under the title, in the period picker, and the live panel's time
    expect(await page.getByTestId('time-zone').textContent()).toBe('Dates and hours in Europe/Paris');
    expect(await page.getByRole('group', { name: 'Period (dates in Europe/Paris)' }).count()).toBe(1);
    const note = page.getByTestId('live-note');
    await note.waitFor();
    const asOf = (await note.getAttribute('data-as-of'))!;
    const paris = new Date(asOf).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
    expect(await note.textContent()).toBe(`Last 5 minutes, updated at ${paris} (Europe/Paris).`);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).not.toBe('Europe/Paris');
  });

  it('drills down to one smartlink, and exports exactly the rows shown as CSV', async () => {
    await fanVisit(second, VISITOR_IPS.US);
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await eventually(() => metric(page, 'views').textContent(), 10_000).toBe('3');

    // Top smartlinks → the same dashboard for one of them
    await page.getByRole('button', { name: 'Nova Lune – Second Single' }).click();
    await eventually(() => new URL(page.url()).searchParams.get('smartlink')).toBe(second.smartlink.id);
    await eventually(() => metric(page, 'views').textContent()).toBe('1');
    expect(await page.getByLabel('Smartlink', { exact: true }).inputValue()).toBe(second.smartlink.id);

    const today = todayIn('Europe/Paris');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^duotrack-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]).toBe('date,smartlink_id,slug,views,unique_visitors,clicks,click_through_rate,revenue');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r.slice(0, 6))).toEqual([[today, second.smartlink.id, second.smartlink.slug, '1', '1', '0']]);

    // Back to every smartlink: both, nothing of the other client
    await page.getByRole('button', { name: 'Show all smartlinks' }).click();
    await eventually(() => metric(page, 'views').textContent()).toBe('3');
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const allRows = (await readFile((await all.path())!, 'utf8')).trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const views = Object.fromEntries(allRows.filter((r) => Number(r[3]) > 0).map((r) => [r[2], [r[0], r[3], r[5]]]));
    expect(views).toEqual({ [first.smartlink.slug]: [today, '2', '1'], [second.smartlink.slug]: [today, '1', '0'] });
  });

  it('changes the period with a preset, or a custom range (kept in the URL)', async () => {
    const user = await addStaff(e2e.server, 'viewer', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.getByRole('button', { name: '7 days' }).click();
    await eventually(() => new URL(page.url()).searchParams.get('period')).toBe('7d');
    await eventually(() => metric(page, 'views').textContent()).toBe('3');
    await page.getByRole('button', { name: 'Custom' }).click();
    const yesterday = new Date(Date.parse(`${todayIn('Europe/Paris')}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(yesterday);
    await page.getByLabel('To', { exact: true }).fill(yesterday);
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(() => new URL(page.url()).search).toBe(`?period=custom&from=${yesterday}&to=${yesterday}`);
    await eventually(() => metric(page, 'views').textContent()).toBe('0');
  });

  it('shows master every client side by side, with totals; a client opens its dashboard', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const { page } = await signIn(e2e, master.email);
    const rowOf = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Dashboard Records' }) });
    const figure = (key: string) => rowOf.locator(`td[data-metric="${key}"] .figure`);
    await eventually(() => figure('views').textContent(), 10_000).toBe('3');
    expect(await figure('clicks').textContent()).toBe('1');
    expect(await figure('revenue').textContent()).toBe('€0.50');
    // each figure with its change from the 30 UTC days before (4 views, 2 clicks 40 days ago)
    expect(await rowOf.locator('td[data-metric="views"] .change').getAttribute('data-change')).toBe('down');
    expect(await rowOf.locator('td[data-metric="views"] .change').textContent()).toContain('-25.0%');
    expect(await rowOf.locator('td[data-metric="views"] .change').getAttribute('title')).toBe('-25.0% vs the previous 30 days (4)');
    expect(await page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Other Label' }) }).locator('td[data-metric="views"] .change').textContent()).toContain('— nothing in the previous 30 days');
    await eventually(async () => Number(await page.locator('tfoot td[data-metric="views"] .figure').textContent())).toBeGreaterThanOrEqual(4); // with the other client's view
    expect(await page.title()).toBe('All clients · Duotrack');
    await page.getByRole('link', { name: 'Dashboard Records' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/clients/${client.id}`);
    await eventually(() => metric(page, 'views').textContent()).toBe('3');
  });

  it('never gives a client user another client’s figures', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    for (const endpoint of ['overview', 'timeseries', 'breakdown/country', 'realtime', 'performance', 'export.csv']) {
      expect((await apiFromPage(page, `/analytics/${endpoint}?clientId=${other.id}`)).status, endpoint).toBe(404);
    }
    expect((await apiFromPage(page, '/analytics/clients')).status).toBe(403);
    await page.goto(`${e2e.origin}/app/clients/${other.id}`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.getByTestId('metric-views').count()).toBe(0);
  });

  it('speaks French once chosen: labels, changes, numbers, the map and the title', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.getByLabel('Language').selectOption('fr'); // the header's switcher
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await eventually(() => metric(page, 'views').textContent(), 10_000).toBe('3');
    expect(await page.title()).toBe('Tableau de bord · Dashboard Records · Duotrack');
    expect(await page.locator('#metric-clickThroughRate').textContent()).toBe('Taux de clic');
    expect((await metric(page, 'clickThroughRate').textContent())?.replace(/\s/g, ' ')).toBe('33,3 %');
    expect((await page.getByTestId('change-views').textContent())?.replace(/\s/g, ' ')).toBe('▼ -25,0 % par rapport aux 30 jours précédents (4)');
    expect(await page.getByTestId('time-zone').textContent()).toBe('Dates et heures en Europe/Paris');
    expect((await metric(page, 'revenue').textContent())?.replace(/\s/g, ' ')).toBe('0,50 €');
    await page.locator('.map-legend').waitFor();
    expect(await page.locator('.map-legend').textContent()).toContain('Aucune vue');
    expect(await page.getByRole('table', { name: 'Campagnes' }).locator('thead').textContent()).toBe('Campagne UTMVuesClicsCTR');
    expect(await page.getByRole('list', { name: 'Pays principaux' }).textContent()).toContain('Royaume-Uni');
    expect(await page.getByRole('list', { name: 'Pays principaux' }).textContent()).toMatch(/Royaume-Uni.*1 vue · 1 clic(?!s)/);
    expectCleanPage(staff);
  });
});

// The dashboard with real traffic: a fan's page view (a real page load in a fresh browser) shows in
// the live panel within seconds and in the overview; a click moves clicks and click-through rate;
// the drill-down narrows everything to one smartlink; the CSV export button downloads exactly the
// rows shown; master sees every client side by side; a client user never gets another client's
// figures.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug, type TaggedLink } from './support/server.js';
import { addStaff, eventually, apiFromPage, expectCleanPage, signIn } from './support/webapp.js';

const metric = (page: Page, key: string) => page.getByTestId(`metric-${key}`);

/** Today's date in a time zone, as the reports name it. */
function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe('web app: dashboard', () => {
  const e2e = useE2E();
  let client: Client;
  let other: Client;
  let first: TaggedLink;
  let second: TaggedLink;

  beforeAll(async () => {
    const db = e2e.server.t.ctx.database.db;
    // No tags: the page's own beacon still confirms each view.
    client = await createClient(db, { name: 'Dashboard Records', timeZone: 'Europe/Paris', conversionValue: 0.5 });
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
  });

  /** A fan in a fresh browser context opens the page (a real page load); optionally taps Spotify. */
  async function fanVisit(link: TaggedLink, ip: string, click = false): Promise<void> {
    const fan = await e2e.visitor({ ip });
    const { page, response } = await e2e.visit(fan, link.path);
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
    expect(await metric(page, 'clickThroughRate').textContent()).toBe('50.0 %');
    expect(await metric(page, 'revenue').textContent()).toBe('0.50');
    // each figure has its definition next to it
    expect(await page.locator('[data-metric="clickThroughRate"] .metric-definition').textContent()).toContain('Clicks divided by views');
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
    await page.getByText('Show the numbers').click();
    await eventually(() => page.locator('.chart-table tbody tr:last-child td').first().textContent()).toBe('2');
    expectCleanPage(staff);
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
    await eventually(() => rowOf.locator('td').first().textContent(), 10_000).toBe('3');
    expect(await rowOf.locator('td').nth(2).textContent()).toBe('1'); // clicks
    await eventually(async () => Number(await page.locator('tfoot td').first().textContent())).toBeGreaterThanOrEqual(4); // with the other client's view
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
});

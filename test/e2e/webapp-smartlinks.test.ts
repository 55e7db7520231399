// Managing smartlinks in the web app: a client user creates one through the form (services added,
// reordered with the keyboard, a per-country link), finds it in the list and in the API, edits it,
// copies its link and downloads its QR code; then a fan opens the real page and is sent to the
// country's store. The API's own error messages are what the user reads.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClient, type Client } from '../../src/tenants/client.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

interface ApiSmartlink {
  id: string;
  slug: string;
  trackTitle: string;
  status: string;
  services: { service: string; url: string; countries?: Record<string, string> }[];
}

const row = (page: Page, index: number) => page.locator('.service-row').nth(index);

describe('web app: smartlinks', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Nova Records', branding: { primaryColor: '#ff5f6d', secondaryColor: '#1a1033', font: 'system', logo: null } });
  });

  it('creates a smartlink with ordered services and a country link; it is in the list, in the API, and served to fans', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.getByRole('link', { name: 'Smartlinks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Smartlinks' }).waitFor();
    await page.getByRole('link', { name: 'New smartlink' }).click();
    await page.getByRole('heading', { level: 1, name: 'New smartlink' }).waitFor();

    await page.getByLabel('Artist', { exact: true }).fill('Nova Lune');
    await page.getByLabel('Title', { exact: true }).fill('Harbour Lights');
    expect(await page.getByLabel('Slug', { exact: true }).inputValue()).toBe('nova-lune-harbour-lights'); // follows artist and title
    const slug = uniqueSlug('harbour');
    await page.getByLabel('Slug', { exact: true }).fill(slug);
    await page.getByLabel('Status', { exact: true }).selectOption('live');

    await row(page, 0).getByLabel('Link', { exact: true }).fill('https://open.spotify.com/track/harbour');
    await page.getByRole('button', { name: 'Add a service' }).click();
    await row(page, 1).getByLabel('Service').selectOption('deezer');
    await row(page, 1).getByLabel('Link', { exact: true }).fill('https://www.deezer.com/track/42');
    await page.getByRole('button', { name: 'Add a service' }).click();
    await row(page, 2).getByLabel('Service').selectOption('amazon-music');
    await row(page, 2).getByLabel('Link', { exact: true }).fill('https://music.amazon.com/albums/harbour');
    await row(page, 2).getByRole('button', { name: 'Add a country link' }).click();
    await row(page, 2).getByLabel('Country', { exact: true }).fill('fr');
    await row(page, 2).getByLabel('Link for that country').fill('https://music.amazon.fr/albums/harbour');
    // The preview shows the buttons as they are now.
    expect(await page.locator('.pp-services li span:first-child').allTextContents()).toEqual(['Spotify', 'Deezer', 'Amazon Music']);

    // Reorder with the keyboard only: Amazon Music up twice, the focus staying on the moved row.
    await page.getByRole('button', { name: 'Move Amazon Music up' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Amazon Music up');
    await page.keyboard.press('Enter');
    // now first: its "up" is disabled, the focus went to its "down"
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Amazon Music down');
    expect(await page.locator('.pp-services li span:first-child').allTextContents()).toEqual(['Amazon Music', 'Spotify', 'Deezer']);

    await page.getByRole('button', { name: 'Create smartlink' }).click();
    await page.getByRole('status').filter({ hasText: 'Smartlink created.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Nova Lune – Harbour Lights' }).waitFor();

    // The API has it, in that order, with the override.
    const listed = (await apiFromPage(page, `/smartlinks?q=${slug}`)).body as { data: ApiSmartlink[] };
    expect(listed.data).toHaveLength(1);
    const created = listed.data[0]!;
    expect(created).toMatchObject({ slug, status: 'live' });
    expect(created.services).toEqual([
      { service: 'amazon-music', url: 'https://music.amazon.com/albums/harbour', countries: { FR: 'https://music.amazon.fr/albums/harbour' } },
      { service: 'spotify', url: 'https://open.spotify.com/track/harbour' },
      { service: 'deezer', url: 'https://www.deezer.com/track/42' },
    ]);

    // The list finds it.
    await page.getByRole('link', { name: 'Smartlinks', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('harbour lights');
    await page.getByRole('link', { name: 'Nova Lune – Harbour Lights' }).waitFor();
    expect(await page.getByRole('link', { name: `/${slug}` }).getAttribute('href')).toBe(`${e2e.origin}/${slug}`);

    // A fan from France: the real page, buttons in that order, Amazon to the French store.
    const fan = await e2e.visitor({ ip: VISITOR_IPS.FR });
    const { page: fanPage, response } = await e2e.visit(fan, `/${slug}`);
    expect(response.status()).toBe(200);
    expect(await fanPage.locator('a[data-service]').evaluateAll((links) => links.map((a) => a.getAttribute('data-service')))).toEqual(['amazon-music', 'spotify', 'deezer']);
    await fanPage.click('a[data-service="amazon-music"]');
    await fanPage.waitForURL(/^https:\/\/music\.amazon\.fr\/albums\/harbour/, { waitUntil: 'domcontentloaded', timeout: 5_000 });
    expectCleanPage(staff);
  });

  it('edits a smartlink, copies its link and downloads its QR code (PNG and SVG)', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.origin });
    const slug = uniqueSlug('edit');
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/new`);
    await page.getByLabel('Artist', { exact: true }).fill('Nova Lune');
    await page.getByLabel('Title', { exact: true }).fill('First Title');
    await page.getByLabel('Slug', { exact: true }).fill(slug);
    await row(page, 0).getByLabel('Link', { exact: true }).fill('https://open.spotify.com/track/first');
    await page.getByRole('button', { name: 'Create smartlink' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nova Lune – First Title' }).waitFor();

    await page.getByLabel('Title', { exact: true }).fill('Second Title');
    await page.getByLabel('Status', { exact: true }).selectOption('archived');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await apiFromPage(page, `/smartlinks/${id}`)).body).toMatchObject({ trackTitle: 'Second Title', status: 'archived' });

    const url = `${e2e.origin}/${slug}`;
    expect(await page.getByLabel('Public link').inputValue()).toBe(url);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(png.suggestedFilename()).toBe(`qr-${slug}.png`);
    const pngBytes = await readFile((await png.path())!);
    expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe(`qr-${slug}.svg`);
    const svgText = await readFile((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain('<path');
  });

  it('shows the API’s message when a smartlink is refused (a reserved slug), and keeps what was typed', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/new`);
    await page.getByLabel('Artist', { exact: true }).fill('Nova Lune');
    await page.getByLabel('Title', { exact: true }).fill('Refused');
    await page.getByLabel('Slug', { exact: true }).fill('api');
    await row(page, 0).getByLabel('Link', { exact: true }).fill('https://open.spotify.com/track/x');
    await page.getByRole('button', { name: 'Create smartlink' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/slug/i);
    const slug = page.getByLabel('Slug', { exact: true });
    expect(await slug.getAttribute('aria-invalid')).toBe('true'); // the field the API named, with its message
    expect(await page.locator(`#${await slug.getAttribute('aria-describedby').then((ids) => ids?.split(' ')[0])}`).textContent()).toBe('Slug "api" is reserved');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Refused');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New smartlink');

    // A destination the API refuses: marked on that row's link.
    await slug.fill(uniqueSlug('refused'));
    const link = row(page, 0).getByLabel('Link', { exact: true });
    await link.fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Create smartlink' }).click();
    await eventually(() => link.getAttribute('aria-invalid')).toBe('true');
    expect(await row(page, 0).locator('.field-error').textContent()).toContain('destination must be an http(s) URL');
    expect(await slug.getAttribute('aria-invalid')).toBeNull();
  });
});

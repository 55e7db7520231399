// Filling a smartlink from the catalogues in the web app, against the local stub APIs
// (test/support/catalogue-stubs/): a pasted Spotify album link fills every field and service, the
// doubtful ones are marked and must be checked, the saved page is live with its logos and sends a
// fan to their country's Apple Music storefront. An unknown UPC, a provider down or rate-limited
// each says so in the editor and saves nothing; Rescan adds what appeared after release day.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createClient, type Client } from '../../src/tenants/client.js';
import { FIXTURE_ALBUM, startCatalogueStubs, UNKNOWN_UPC, type CatalogueStubs } from '../support/catalogue-stubs/index.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn, type StaffPage } from './support/webapp.js';

interface ApiSmartlink {
  id: string;
  slug: string;
  status: string;
  artistName: string;
  trackTitle: string;
  artworkUrl: string | null;
  releaseDate: string | null;
  services: { service: string; url: string; countries?: Record<string, string>; hiddenIn?: string[] }[];
  catalogue: { upc?: string; isrc?: string; sourceUrl?: string; resolvedAt?: number } | null;
}

const FILL = 'Fill from a link, UPC or ISRC';
/** The fixture's barcode as UPC-A or EAN-13 (catalogues store either). */
const UPC = new RegExp(`^0?${FIXTURE_ALBUM.upc}$`);
/** Every service the fixture release is on before TIDAL has it, in the resolver's order. */
const FOUND = ['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'itunes', 'youtube', 'amazon-store'];

const rows = (page: Page) => page.locator('.service-row');
const rowOf = (page: Page, service: string) => rows(page).filter({ has: page.locator(`select:has(option[value="${service}"]:checked)`) });
const servicesInForm = (page: Page) => rows(page).locator('select').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
const fieldValue = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();
const providerLines = (page: Page) => page.locator('.provider-list li').allTextContents();

async function smartlinksOf(page: Page, clientId: string): Promise<ApiSmartlink[]> {
  const { status, body } = await apiFromPage(page, `/smartlinks?clientId=${clientId}&limit=100`);
  expect(status).toBe(200);
  return (body as { data: ApiSmartlink[] }).data;
}

/**
 * expectCleanPage, where the preview showed the release's artwork from its own host (the app's
 * img-src allows https:): those requests, blocked by the test browser, are the only ones off the origin.
 */
function expectCleanEditor(staff: StaffPage, otherErrors: RegExp | null = null): void {
  const artwork: readonly string[] = Object.values(FIXTURE_ALBUM.artwork);
  expect(staff.foreignRequests.filter((url) => !artwork.includes(url))).toEqual([]);
  const isBlocked = (e: string) => e.startsWith('Failed to load resource: net::ERR_BLOCKED_BY_CLIENT');
  expect(staff.consoleErrors.filter(isBlocked).length).toBeLessThanOrEqual(staff.foreignRequests.length);
  expectCleanPage({ ...staff, consoleErrors: staff.consoleErrors.filter((e) => !isBlocked(e) && !otherErrors?.test(e)), foreignRequests: [] });
}

async function newSmartlink(staff: StaffPage): Promise<void> {
  const { page } = staff;
  await page.getByRole('link', { name: 'Smartlinks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Smartlinks' }).waitFor();
  await page.getByRole('link', { name: 'New smartlink' }).click();
  await page.getByRole('heading', { level: 1, name: 'New smartlink' }).waitFor();
}

/** Presses the save button and waits for `confirmation`; on failure, says what the form said instead. */
async function save(page: Page, button: string, confirmation: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const said = () => page.locator('.editor-form [role="alert"], [role="status"]').allTextContents();
  await eventually(async () => (await said()).includes(confirmation), 10_000)
    .toBe(true)
    .catch(async () => expect.fail(`after ${button}, the page said ${JSON.stringify(await said())}, not "${confirmation}"`));
}

async function fill(page: Page, query: string): Promise<void> {
  await page.getByLabel(FILL).fill(query);
  await page.getByRole('button', { name: 'Fill', exact: true }).click();
  await page.getByRole('button', { name: 'Fill', exact: true }).waitFor(); // back from "Filling…"
}

describe('web app: a smartlink filled from the catalogues', () => {
  let stubs: CatalogueStubs;
  beforeAll(async () => {
    stubs = await startCatalogueStubs();
  });
  // No answer cache: each fill asks the stubs as they are now (down, limited, a new service).
  const e2e = useE2E({}, () => ({ ...stubs.env, CATALOGUE_CACHE_MS: '0' }));
  let client: Client;
  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Lantern Records' });
  });
  afterEach(() => stubs.reset());
  afterAll(async () => {
    await stubs?.close();
  });

  it('fills every field and service from a pasted Spotify album link; saved live, the page has the logos and sends a GB fan to the GB storefront', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await newSmartlink(staff);

    await fill(page, FIXTURE_ALBUM.spotifyUrl);
    await page.getByRole('status').filter({ hasText: `Filled: ${FIXTURE_ALBUM.artist} – ${FIXTURE_ALBUM.title}` }).waitFor();
    expect(await fieldValue(page, 'Artist')).toBe(FIXTURE_ALBUM.artist);
    expect(await fieldValue(page, 'Title')).toBe(FIXTURE_ALBUM.title);
    expect(await fieldValue(page, 'Slug')).toBe('the-paper-lanterns-harbour-lights'); // suggested from artist and title
    expect(await fieldValue(page, 'Release date')).toBe(FIXTURE_ALBUM.releaseDate);
    expect(Object.values(FIXTURE_ALBUM.artwork)).toContain(await fieldValue(page, 'Artwork URL'));
    expect(await servicesInForm(page)).toEqual(FOUND);
    expect(await rowOf(page, 'spotify').getByLabel('Link', { exact: true }).inputValue()).toBe(FIXTURE_ALBUM.spotifyUrl);
    expect(await rowOf(page, 'deezer').getByLabel('Link', { exact: true }).inputValue()).toBe(`https://www.deezer.com/album/${FIXTURE_ALBUM.deezerId}`);
    // Apple Music with a link per storefront; where it came from and how sure, on the row.
    const apple = rowOf(page, 'apple-music');
    const countries = await apple.getByLabel('Country', { exact: true }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(countries).toEqual(expect.arrayContaining(['GB', 'FR', 'DE']));
    const gbIndex = countries.indexOf('GB');
    const gbLink = await apple.getByLabel('Link for that country').nth(gbIndex).inputValue();
    expect(gbLink).toMatch(new RegExp(`^https://music\\.apple\\.com/gb/album/.*${FIXTURE_ALBUM.appleId}`));
    expect(await apple.textContent()).toMatch(/From (iTunes|Odesli|Spotify|Deezer), \d+% sure/);
    expect(await apple.textContent()).toContain('Not available in AU, BR, CA, JP'); // the storefronts asked (CATALOGUE_COUNTRIES) but US, GB, FR, DE
    // Every provider asked found it (all are set up against the stubs); TIDAL is not there yet: to check.
    const answered = await providerLines(page);
    expect(answered).toEqual(expect.arrayContaining(['Deezer: found', 'iTunes: found', 'Spotify: found', 'Odesli: found']));
    expect(answered.filter((line) => !line.endsWith(': found'))).toEqual([]);
    const missing = page.getByRole('group', { name: 'Services not found' });
    expect(await missing.textContent()).toContain('Check this');
    expect(await missing.textContent()).toContain('Not found on TIDAL');
    // Nothing is saved by a fill.
    expect(await smartlinksOf(page, client.id)).toEqual([]);
    // The page preview shows the found services.
    expect(await page.locator('.pp-services li span:first-child').allTextContents()).toEqual(['Spotify', 'Apple Music', 'Deezer', 'YouTube Music', 'Amazon Music', 'iTunes Store', 'YouTube', 'Amazon']);

    await page.getByLabel('Status', { exact: true }).selectOption('live');
    await save(page, 'Create smartlink', 'Smartlink created.');
    await page.getByRole('heading', { level: 1, name: `${FIXTURE_ALBUM.artist} – ${FIXTURE_ALBUM.title}` }).waitFor();
    const [saved] = await smartlinksOf(page, client.id);
    expect(saved).toMatchObject({
      slug: 'the-paper-lanterns-harbour-lights',
      status: 'live',
      artistName: FIXTURE_ALBUM.artist,
      trackTitle: FIXTURE_ALBUM.title,
      releaseDate: FIXTURE_ALBUM.releaseDate,
      catalogue: { upc: expect.stringMatching(UPC), sourceUrl: FIXTURE_ALBUM.spotifyUrl },
    });
    expect(saved!.services.map((s) => s.service)).toEqual(FOUND);
    expect(saved!.services.find((s) => s.service === 'apple-music')).toMatchObject({ countries: { GB: gbLink }, hiddenIn: ['AU', 'BR', 'CA', 'JP'] });
    // A saved smartlink that knows its release can be rescanned.
    await page.getByRole('button', { name: 'Rescan' }).waitFor();

    // A fan in Great Britain: the live page, every service with its logo, Apple Music to the GB store.
    const fan = await e2e.visitor({ ip: VISITOR_IPS.GB });
    const { page: fanPage, response } = await e2e.visit(fan, `/${saved!.slug}`);
    expect(response.status()).toBe(200);
    const links = fanPage.locator('a[data-service]');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-service')))).toEqual(FOUND);
    expect(await links.evaluateAll((as) => as.map((a) => a.querySelectorAll('svg').length))).toEqual(FOUND.map(() => 1));
    await fanPage.click('a[data-service="apple-music"]');
    await fanPage.waitForURL(gbLink, { waitUntil: 'domcontentloaded', timeout: 5_000 });
    expectCleanEditor(staff);
  });

  it('marks a service found only by a title search "Check this", refuses to save until it is checked; Rescan then adds TIDAL and offers the doubtful one', async () => {
    stubs.world.spotifyIndexed = false; // Spotify's search by code finds nothing: only a title search does
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await newSmartlink(staff);
    await fill(page, FIXTURE_ALBUM.upc);
    await page.getByRole('status').filter({ hasText: 'Filled:' }).waitFor();
    const spotify = rowOf(page, 'spotify');
    expect(await spotify.textContent()).toMatch(/From Spotify, 60% sure\..*Check this.*not sure this link is the same release/s);
    expect(await spotify.getAttribute('class')).toContain('service-row-check');

    const before = (await smartlinksOf(page, client.id)).length;
    await page.getByLabel('Slug', { exact: true }).fill(`lanterns-rescan-${process.pid}`);
    await page.getByRole('button', { name: 'Create smartlink' }).click();
    await eventually(() => page.locator('.editor-form [role="alert"]').textContent()).toContain('Check Spotify first');
    expect((await smartlinksOf(page, client.id)).length).toBe(before); // refused before anything was sent

    // The person decides against it: removed, then saved without it.
    await page.getByRole('button', { name: 'Remove Spotify' }).click();
    await save(page, 'Create smartlink', 'Smartlink created.');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(((await apiFromPage(page, `/smartlinks/${id}`)).body as ApiSmartlink).services.map((s) => s.service)).not.toContain('spotify');

    // After release day TIDAL has it: Rescan adds it (saved); Spotify, still a guess, is offered for review.
    stubs.world.tidalReleased = true;
    await page.getByRole('button', { name: 'Rescan' }).click();
    await page.getByRole('status').filter({ hasText: 'Added: TIDAL (saved).' }).waitFor();
    expect(((await apiFromPage(page, `/smartlinks/${id}`)).body as ApiSmartlink).services.map((s) => s.service)).toContain('tidal');
    expect(await servicesInForm(page)).toContain('tidal');
    const review = page.locator('.rescan .check-this');
    expect(await review.textContent()).toContain('Check this');
    expect(await review.textContent()).toMatch(/Spotify\s*From Spotify, 60% sure/);
    await review.getByRole('button', { name: 'Add Spotify' }).click();
    expect(await servicesInForm(page)).toContain('spotify');
    await save(page, 'Save changes', 'Saved.');
    const after = (await apiFromPage(page, `/smartlinks/${id}`)).body as ApiSmartlink;
    expect(after.services.map((s) => s.service)).toEqual(expect.arrayContaining(['tidal', 'spotify']));
    expect(after.catalogue).toMatchObject({ upc: expect.stringMatching(UPC), resolvedAt: expect.any(Number) }); // the rescan's time, kept by the save after it
    expectCleanEditor(staff);
  });

  it('says so when no catalogue knows a UPC, names a provider that is down while the others fill, and says when to retry a rate limit; nothing is saved', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await newSmartlink(staff);
    const listed = (await smartlinksOf(page, client.id)).map((s) => s.id);
    const field = page.getByLabel(FILL);

    // An unknown UPC: the message by the field, the field marked invalid, the form untouched.
    await fill(page, UNKNOWN_UPC);
    const problem = page.locator('.catalogue-fill [role="alert"]');
    await eventually(() => problem.textContent()).toContain(`No release found for UPC ${UNKNOWN_UPC}`);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldValue(page, 'Artist')).toBe('');
    expect(await fieldValue(page, 'Title')).toBe('');

    // Not a link, UPC or ISRC: the API says what is supported.
    await fill(page, 'harbour lights');
    await eventually(() => problem.textContent()).toMatch(/UPC|ISRC/);

    // Deezer down: named, the others fill the form.
    stubs.setDown('deezer', true);
    await fill(page, FIXTURE_ALBUM.spotifyUrl);
    await page.getByRole('status').filter({ hasText: 'Filled:' }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    expect(await fieldValue(page, 'Title')).toBe(FIXTURE_ALBUM.title);
    expect(await providerLines(page)).toContain('Deezer is unavailable (HTTP 500); try again later');
    expect(await servicesInForm(page)).toEqual(expect.arrayContaining(['spotify', 'apple-music']));
    stubs.setDown('deezer', false);

    // Odesli refusing with a Retry-After longer than the resolver waits: it says when to retry.
    stubs.rateLimitNext('odesli', 40, 100);
    await fill(page, FIXTURE_ALBUM.spotifyUrl);
    await eventually(() => providerLines(page), 20_000).toContain("Odesli's rate limit is reached: retry in 40 s");
    expect(await fieldValue(page, 'Title')).toBe(FIXTURE_ALBUM.title);

    // Every provider down: one clear message naming each, nothing filled over what is there.
    for (const p of ['deezer', 'itunes', 'spotify', 'odesli', 'musicbrainz'] as const) stubs.setDown(p, true);
    await fill(page, FIXTURE_ALBUM.spotifyUrl);
    await eventually(() => problem.textContent()).toContain('No provider could answer');
    expect(await problem.textContent()).toContain('Spotify is unavailable (HTTP 500)');

    // None of this saved anything.
    expect((await smartlinksOf(page, client.id)).map((s) => s.id)).toEqual(listed);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New smartlink');
    // The browser logs the API's 502 (every provider down) as a failed load: expected here.
    expectCleanEditor(staff, /status of 502/);
  });
});

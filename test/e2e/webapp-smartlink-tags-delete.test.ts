// The smartlink editor's own tags and its delete button: a client user gives one smartlink its own
// GA4 id and no Meta Pixel (the API's message on the field for a wrong id; the page then loads
// those), turns every tag off, and deletes a smartlink after a dialog saying what goes with it; a
// viewer gets neither.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe('web app: a smartlink’s own tags, and deleting it', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Tagged Records', tracking: { ga4: 'G-CLIENT1234', facebook: '123456789012345' } });
  });

  const link = (slug: string, trackTitle = 'Tags') => createSmartlink(e2e.server.t.ctx.database.db, { clientId: client.id, slug, artistName: 'Nova', trackTitle, status: 'live', services: SERVICES });

  it('gives one smartlink its own GA4 id and no Meta Pixel, with the API’s message on a wrong id; then no tag at all', async () => {
    const slug = uniqueSlug('tags');
    const smartlink = await link(slug);
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/${smartlink.id}`);
    const tags = page.getByRole('group', { name: 'Tags on this page' });
    await tags.waitFor();
    expect(await page.title()).toBe('Nova – Tags · Duotrack');
    expect(await tags.getByLabel('Google Analytics 4', { exact: true }).locator('option:checked').textContent()).toBe('The client’s (G-CLIENT1234)');

    await tags.getByLabel('Google Analytics 4', { exact: true }).selectOption('own');
    const own = tags.getByLabel('Google Analytics 4 id for this smartlink');
    await own.fill('UA-1234');
    await tags.getByLabel('Meta Pixel', { exact: true }).selectOption('off');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => own.getAttribute('aria-invalid')).toBe('true');
    await own.fill('G-CAMPAIGN1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const stored = async () => ((await apiFromPage(page, `/smartlinks/${smartlink.id}`)).body as Smartlink).tracking;
    expect(await stored()).toEqual({ ga4: 'G-CAMPAIGN1', facebook: null });
    const html = await (await fetch(`${e2e.origin}/${slug}`)).text();
    expect(html).toContain('G-CAMPAIGN1');
    expect(html).not.toContain('G-CLIENT1234');
    expect(html).not.toContain('123456789012345');

    await tags.getByLabel('No tag at all on this page').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(stored).toEqual({ disabled: true, ga4: 'G-CAMPAIGN1', facebook: null });
    expect(await (await fetch(`${e2e.origin}/${slug}`)).text()).not.toContain('G-CAMPAIGN1');
    expectCleanPage(staff);
  });

  it('deletes a smartlink after a dialog saying its figures go with it; the list no longer has it and its slug is free', async () => {
    const slug = uniqueSlug('gone');
    const smartlink = await link(slug, 'Gone');
    await link(uniqueSlug('stays'), 'Stays');
    expect((await fetch(`${e2e.origin}/${slug}`)).status).toBe(200); // a view recorded
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/${smartlink.id}`);
    await page.getByRole('button', { name: 'Delete this smartlink' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Nova – Gone for good?' });
    expect(await dialog.textContent()).toContain('every view and click recorded for it are deleted');
    expect(await dialog.textContent()).toContain('set its status to Archived instead');
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('heading', { level: 1, name: 'Smartlinks' }).waitFor();
    await page.getByRole('link', { name: 'Nova – Stays' }).waitFor(); // the list is shown…
    expect(await page.getByRole('link', { name: 'Nova – Gone' }).count()).toBe(0); // …without it
    expect((await apiFromPage(page, `/smartlinks/${smartlink.id}`)).status).toBe(404);
    const events = await e2e.server.t.ctx.database.db.selectFrom('events').select('event_id').where('smartlink_id', '=', smartlink.id).execute();
    expect(events).toEqual([]);
    expect((await fetch(`${e2e.origin}/${slug}`)).status).toBe(404);
    expectCleanPage(staff);
  });

  it('offers a viewer neither the delete button nor editable tags', async () => {
    const smartlink = await link(uniqueSlug('viewer'));
    const viewer = await addStaff(e2e.server, 'viewer', client.id);
    const { page } = await signIn(e2e, viewer.email);
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/${smartlink.id}`);
    const tags = page.getByRole('group', { name: 'Tags on this page' });
    await tags.waitFor();
    expect(await tags.getByLabel('Google Analytics 4', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete this smartlink' }).count()).toBe(0);
  });
});

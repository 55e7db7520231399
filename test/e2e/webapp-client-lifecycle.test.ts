// A client's end and its server-side forwarding in the web app: master archives a client (the
// dialog says what happens to the data; fans then get 410), finds it with "Show archived",
// restores it, archives it again and deletes it for good; a client user sets, replaces and removes
// a forwarding credential (shown only as set / not set) and reads the delivery status; the
// settings screen in French.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];

describe('web app: archiving and deleting a client, server-side forwarding', () => {
  const e2e = useE2E();
  let forwarded: Client;

  beforeAll(async () => {
    forwarded = await createClient(e2e.server.t.ctx.database.db, { name: 'Forwarded Records', tracking: { facebook: '123456789012345' } });
  });

  it('lets master archive a client (fans get 410), find it under Show archived, restore it, then delete it for good', async () => {
    const db = e2e.server.t.ctx.database.db;
    const client = await createClient(db, { name: 'Ending Records' });
    const slug = uniqueSlug('ending');
    await createSmartlink(db, { clientId: client.id, slug, artistName: 'A', trackTitle: 'T', status: 'live', services: SERVICES });
    const master = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, master.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${client.id}/settings`);
    const card = page.getByRole('region', { name: 'Archive or delete' });
    await card.waitFor();
    expect(await page.title()).toBe('Settings · Ending Records · Duotrack');

    await card.getByRole('button', { name: 'Archive this client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archive Ending Records?' });
    expect(await dialog.textContent()).toContain('fans get a “no longer available” page (410)');
    expect(await dialog.textContent()).toContain('are all kept');
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await card.getByRole('button', { name: 'Restore' }).waitFor();
    expect((await fetch(`${e2e.origin}/${slug}`)).status).toBe(410);
    await eventually(() => page.locator('.client-bar + .message').textContent()).toContain('Archived on');

    // Out of the switcher unless "Show archived" is ticked.
    const switcher = page.getByLabel('Client', { exact: true });
    await eventually(async () => (await switcher.locator('option').allTextContents()).includes('Ending Records (archived)')).toBe(false);
    await page.getByLabel('Show archived').check();
    await eventually(async () => (await switcher.locator('option').allTextContents()).includes('Ending Records (archived)')).toBe(true);

    await card.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('dialog', { name: 'Restore Ending Records?' }).getByRole('button', { name: 'Restore' }).click();
    await card.getByRole('button', { name: 'Archive this client' }).waitFor();
    expect((await fetch(`${e2e.origin}/${slug}`)).status).toBe(200);

    await card.getByRole('button', { name: 'Archive this client' }).click();
    await page.getByRole('dialog', { name: 'Archive Ending Records?' }).getByRole('button', { name: 'Archive' }).click();
    await card.getByRole('button', { name: 'Delete for good' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Ending Records for good?' });
    expect(await confirm.textContent()).toContain('every recorded view and click');
    expect(await confirm.textContent()).toContain('This cannot be undone.');
    await confirm.getByRole('button', { name: 'Cancel' }).click(); // nothing happens
    expect((await apiFromPage(page, `/clients/${client.id}`)).status).toBe(200);
    await card.getByRole('button', { name: 'Delete for good' }).click();
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await eventually(() => new URL(page.url()).pathname).not.toContain(client.id); // back to the start
    expect((await apiFromPage(page, `/clients/${client.id}`)).status).toBe(404);
    expect((await fetch(`${e2e.origin}/${slug}`)).status).toBe(404);
    expectCleanPage(staff);
  });

  it('offers no archive or delete to a client user', async () => {
    const user = await addStaff(e2e.server, 'client', forwarded.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/clients/${forwarded.id}/settings`);
    await page.getByRole('form', { name: 'Server-side forwarding' }).waitFor();
    expect(await page.getByRole('region', { name: 'Archive or delete' }).count()).toBe(0);
  });

  it('lets a client user set, replace and remove a forwarding credential, shown only as set or not, with the delivery status', async () => {
    const user = await addStaff(e2e.server, 'client', forwarded.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${forwarded.id}/settings`);
    const form = page.getByRole('form', { name: 'Server-side forwarding' });
    await form.waitFor();
    expect(await form.getByTestId('meta-credential').textContent()).toBe('Conversions API access token: not set');
    const status = form.getByRole('table', { name: 'Deliveries of the last 30 days' });
    expect(await status.getByRole('row').count()).toBe(4); // the header, GA4, Meta, TikTok
    expect(await status.getByRole('row', { name: /Meta/ }).textContent()).toContain('0');

    // A test event code the API refuses: the field says so.
    await form.getByLabel('Forward to Meta').check();
    await form.getByLabel('Conversions API access token').fill('EAAB-first-token');
    const testCode = form.getByLabel('Test event code').first();
    await testCode.fill('not a code!');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await eventually(() => testCode.getAttribute('aria-invalid')).toBe('true');
    await testCode.fill('TEST123');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await eventually(() => form.getByTestId('meta-credential').textContent()).toBe('Conversions API access token: set');
    const stored = async () => ((await apiFromPage(page, `/clients/${forwarded.id}`)).body as { forwarding: { meta: object } }).forwarding.meta;
    expect(await stored()).toEqual({ enabled: true, accessTokenSet: true, testEventCode: 'TEST123' });
    expect(JSON.stringify((await apiFromPage(page, `/clients/${forwarded.id}`)).body)).not.toContain('EAAB-first-token');

    await form.getByLabel('New Conversions API access token').fill('EAAB-second-token');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await eventually(() => form.getByRole('status').textContent()).toBe('Saved.');
    await form.getByLabel('Remove the Conversions API access token').check();
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await eventually(() => form.getByTestId('meta-credential').textContent()).toBe('Conversions API access token: not set');
    expect(await stored()).toMatchObject({ accessTokenSet: false });
    expectCleanPage(staff);
  });

  it('shows the settings and the end of a client in French', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const { page } = await signIn(e2e, master.email);
    await page.getByLabel('Language').selectOption('fr'); // kept in this browser
    await page.goto(`${e2e.origin}/app/clients/${forwarded.id}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Réglages' }).waitFor();
    expect(await page.title()).toBe('Réglages · Forwarded Records · Duotrack');
    await page.getByRole('form', { name: 'Transfert côté serveur' }).waitFor();
    const card = page.getByRole('region', { name: 'Archiver ou supprimer' });
    await card.getByRole('button', { name: 'Archiver ce client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Archiver Forwarded Records ?' });
    expect(await dialog.textContent()).toContain('page « plus disponible » (410)');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(((await apiFromPage(page, `/clients/${forwarded.id}`)).body as Client).archivedAt).toBeNull();
  });
});

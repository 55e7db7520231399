// API keys in the web app: a client user creates one (shown once), sees it listed without its
// secret, and revokes it after a confirmation that says what happens; the screen in French.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { addStaff, eventually, expectCleanPage, signIn } from './support/webapp.js';

describe('web app: API keys', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Keys Records' });
  });

  it('creates a key shown once, and revokes it only once the confirmation is accepted', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    expect(await page.title()).toBe('API keys · Duotrack');

    const keyForm = page.getByRole('form', { name: 'Create a key' });
    await keyForm.getByLabel('Name').fill('Reporting');
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const secret = await keyForm.getByLabel('New API key').inputValue();
    expect(secret).toMatch(/^dtk_/);
    expect(await keyForm.getByText('it is shown only this once').count()).toBe(1);
    const keyRow = page.getByRole('row', { name: /Reporting/ });
    await keyRow.waitFor();
    expect(await keyRow.textContent()).toContain('Read only');
    expect(await keyRow.textContent()).not.toContain(secret);

    const withKey = () => page.evaluate(async (key) => (await fetch('/api/v1/smartlinks', { headers: { authorization: `Bearer ${key}` } })).status, secret);
    expect(await withKey()).toBe(200);
    // Cancel leaves the key alone
    await page.getByRole('button', { name: 'Revoke Reporting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the key “Reporting”?' });
    expect(await dialog.textContent()).toContain('stops working at once');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await withKey()).toBe(200);
    // Confirm revokes it
    await page.getByRole('button', { name: 'Revoke Reporting' }).click();
    await dialog.getByRole('button', { name: 'Revoke the key' }).click();
    await eventually(() => keyRow.textContent()).toContain('Revoked');
    expect(await withKey()).toBe(401);
    await page.reload();
    expect(await page.getByLabel('New API key').count()).toBe(0); // never shown again
    expectCleanPage(staff);
  });

  it('speaks French to a French browser, numbers and dates included', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email, { acceptLanguage: 'fr-FR,fr' });
    await page.getByRole('link', { name: 'Clés d’API', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Clés d’API' }).waitFor();
    expect(await page.title()).toBe('Clés d’API · Duotrack');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    const keyForm = page.getByRole('form', { name: 'Créer une clé' });
    await keyForm.getByLabel('Nom').fill('Rapports');
    await keyForm.getByRole('button', { name: 'Créer la clé' }).click();
    await keyForm.getByText('elle n’est affichée qu’une fois').waitFor();
    // a French date: a month name of the French calendar
    const row = page.getByRole('row', { name: /Rapports/ });
    await eventually(() => row.textContent()).toMatch(/janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\./);
  });
});

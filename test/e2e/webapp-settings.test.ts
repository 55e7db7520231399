// Client settings, users and API keys in the web app: a client user changes tags (reading the
// API's validation message when an id is wrong), branding with a live preview, consent regions, the
// privacy page (the API's message for a wrong contact) and the reporting time zone, but not the
// agency's fields; master changes those (GPC too) and creates clients;
// users are created and deleted (API keys: webapp-keys.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

const clientOf = async (page: Page, id: string) => (await apiFromPage(page, `/clients/${id}`)).body as Client;

describe('web app: settings, users and keys', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Settings Records' });
  });

  it('lets a client user change tags, branding, consent, privacy page and time zone, with the API’s message for a wrong id', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${client.id}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    /** Saves a form and waits until the saved client is read again: the forms are remounted with it, so one filled before that would lose its input. */
    const save = async (button: Locator) => {
      const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/v1/clients/${client.id}`);
      await button.click();
      await reloaded;
    };

    const tracking = page.getByRole('form', { name: 'Tracking ids' });
    await tracking.getByLabel('Google Tag Manager container').fill('GTM-bad');
    await tracking.getByRole('button', { name: 'Save tracking ids' }).click();
    await eventually(() => tracking.getByRole('alert').textContent()).toMatch(/gtm/i);
    await tracking.getByLabel('Google Tag Manager container').fill('GTM-NEW1234');
    await tracking.getByLabel('Meta Pixel id').fill('123456789012345');
    await save(tracking.getByRole('button', { name: 'Save tracking ids' }));
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await eventually(async () => (await clientOf(page, client.id)).tracking).toEqual({ gtm: 'GTM-NEW1234', facebook: '123456789012345' });

    const branding = page.getByRole('form', { name: 'Branding' });
    const cta = branding.locator('.pp-cta').first();
    await branding.getByLabel('Primary colour').fill('#ff0000');
    // The preview follows as you pick, drawing what fans will see: #ff0000 is 3.99:1 on the white rows, corrected to #ee0000.
    await eventually(() => cta.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(238, 0, 0)');
    const warning = branding.getByTestId('contrast-warning');
    await eventually(() => warning.textContent()).toContain('The primary colour, on the white service rows, #ff0000 has a contrast of 3.99:1, below the 4.5:1 of WCAG AA. Pages draw it as #ee0000 (4.53:1).');
    await branding.getByLabel('Primary colour').fill('#b00020'); // dark enough: nothing to say
    await eventually(() => warning.textContent()).toBe('');
    await branding.getByLabel('Primary colour').fill('#ff0000');
    await branding.getByLabel('Font').selectOption('serif');
    await save(branding.getByRole('button', { name: 'Save branding' }));
    await eventually(async () => (await clientOf(page, client.id)).branding).toMatchObject({ primaryColor: '#ff0000', font: 'serif' });
    // The note stays through the reload of the saved client, and only on the form that saved.
    await eventually(() => branding.getByRole('status').textContent()).toBe('Saved.');
    expect(await tracking.getByRole('status').count()).toBe(0);

    const consent = page.getByRole('form', { name: 'Consent policy' });
    await consent.getByLabel('The whole European Economic Area (EEA)').uncheck();
    await consent.getByLabel('Other countries').fill('gb, us');
    await save(consent.getByRole('button', { name: 'Save consent policy' }));
    await eventually(async () => (await clientOf(page, client.id)).consentRegions).toEqual(['GB', 'US']);

    const privacy = page.getByRole('form', { name: 'Privacy page' });
    await privacy.getByLabel('Contact for fans’ requests').fill('not a contact');
    await privacy.getByRole('button', { name: 'Save privacy page' }).click();
    await eventually(() => privacy.getByRole('alert').textContent()).toContain('privacy.contact: an email address or an https URL');
    expect(await privacy.getByLabel('Contact for fans’ requests').getAttribute('aria-invalid')).toBe('true'); // the field the API named
    await privacy.getByLabel('Contact for fans’ requests').fill('privacy@settings.test');
    await privacy.getByLabel('Notice (controller, DPO…)').fill('Settings Records SARL, DPO: dpo@settings.test');
    await save(privacy.getByRole('button', { name: 'Save privacy page' }));
    await eventually(async () => (await clientOf(page, client.id)).privacy).toEqual({ contact: 'privacy@settings.test', notice: 'Settings Records SARL, DPO: dpo@settings.test' });

    const zone = page.getByRole('form', { name: 'Reporting time zone' });
    await zone.getByLabel('Time zone').selectOption('America/New_York');
    await save(zone.getByRole('button', { name: 'Save time zone' }));
    await eventually(async () => (await clientOf(page, client.id)).timeZone).toBe('America/New_York');

    // The agency's fields are shown, not editable.
    expect(await page.getByLabel('Client name').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Account' }).textContent()).toContain('Set by your agency');
    expectCleanPage(staff);
  });

  it('lets master change the agency’s fields and create a client', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const { page } = await signIn(e2e, master.email);
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Settings Records' });
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const account = page.getByRole('form', { name: 'Account (agency only)' });
    await account.getByLabel('Client name').fill('Settings Records Ltd');
    await account.getByLabel('Revenue per click').fill('0.25');
    await account.getByLabel('Honour Global Privacy Control (Sec-GPC) as an opt-out').uncheck();
    await account.getByRole('button', { name: 'Save account' }).click();
    await eventually(async () => await clientOf(page, client.id)).toMatchObject({ name: 'Settings Records Ltd', conversionValue: 0.25, settings: { honorGpc: false } });
    await eventually(() => page.locator('.client-name').textContent()).toBe('Settings Records Ltd');

    await page.getByRole('link', { name: 'All clients' }).click();
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Name').fill('Brand New Label');
    await page.getByLabel('Reporting time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await eventually(() => page.locator('.client-name').textContent()).toBe('Brand New Label');
    const id = new URL(page.url()).pathname.split('/')[3]!;
    expect(await clientOf(page, id)).toMatchObject({ name: 'Brand New Label', timeZone: 'Europe/Berlin' });
    await eventually(() => page.getByLabel('Client', { exact: true }).inputValue()).toBe(id); // the switcher knows it
  });

  it('lets a client user invite a viewer (no e-mail set up here: the link to pass on) and remove one, after asking', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const viewer = await addStaff(e2e.server, 'viewer', client.id);
    const { page } = await signIn(e2e, user.email);

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const form = page.getByRole('form', { name: 'Invite someone' });
    expect(await form.getByLabel('Role').locator('option').allTextContents()).toEqual(['Viewer (read only)', 'Client (read and write)']);
    await form.getByLabel('Email').fill('not an address');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await eventually(() => form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Email').fill('new.viewer@label.test');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await form.getByText('No e-mail was sent', { exact: false }).waitFor();
    await page.getByRole('row', { name: /new\.viewer@label\.test/ }).waitFor();

    await page.getByRole('button', { name: `Remove ${viewer.email} from ${client.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await eventually(() => page.getByRole('row', { name: new RegExp(viewer.email.replace(/[.@]/g, '\\$&')) }).count()).toBe(0);
  });
});

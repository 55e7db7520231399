// What every signed-in screen shares: the language (the browser's, or the one chosen in the
// header, kept across visits), dark mode from the system setting, and a screen that fails to
// render showing what happened and a way back instead of blanking the app.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { addStaff, eventually, signIn } from './support/webapp.js';

describe('web app: the frame of every screen', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Frame Records' });
  });

  it('switches to French from the header, and keeps the choice on the next visit', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' });
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('link', { name: 'Aller au contenu' }).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByRole('link', { name: 'Notifications, aucune non lue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('button', { name: 'Incidents en cours' }).waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Incidents en cours' }).waitFor();
    expect(await page.getByLabel('Langue').inputValue()).toBe('fr');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Open incidents' }).waitFor();
  });

  it('follows the system’s dark mode', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    const background = () => page.evaluate(() => getComputedStyle(document.body.parentElement as HTMLElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).toBe('rgb(246, 245, 250)');
    expect(dark).toBe('rgb(18, 16, 24)');
  });

  it('shows a failed screen with a way back, the header still working', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    // An answer the screen cannot read (a server and an app of different versions): the list is null.
    await page.route(/\/api\/v1\/alerts\?.*limit=100/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, page: { limit: 100, offset: 0, total: 0 } }) }));
    await page.getByRole('link', { name: /^Notifications/ }).click();
    await page.getByRole('heading', { level: 1, name: 'This screen failed' }).waitFor();
    expect(await page.title()).toBe('This screen failed · Duotrack');
    expect(await page.getByRole('alert').textContent()).toContain('Nothing you saved is lost');
    await page.getByRole('link', { name: 'Back to the start' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(staff.consoleErrors.some((e) => e.includes('screen failed'))).toBe(true);
  });

  it('names each screen in the browser tab', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/no-such-screen`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await eventually(() => page.title()).toBe('Not found · Duotrack');
  });
});

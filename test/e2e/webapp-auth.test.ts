// Signing in to the web app as master and as a client user, signing out, changing a password,
// staying signed in across a reload, and a client user kept out of another client's pages (the
// app says "not found"; the API answers 404) — at phone width too, with no CSP violation and no
// request leaving the server.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { addStaff, eventually, apiFromPage, expectCleanPage, openApp, signIn, STAFF_PASSWORD, submitSignIn } from './support/webapp.js';

describe('web app: signing in', () => {
  const e2e = useE2E();
  let own: Client;
  let other: Client;

  beforeAll(async () => {
    const db = e2e.server.t.ctx.database.db;
    own = await createClient(db, { name: 'Nova Records' });
    other = await createClient(db, { name: 'Rival Music' });
  });

  it('signs master in to every client’s figures, and out again', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, master.email);
    const { page } = staff;
    await page.getByRole('heading', { level: 1, name: 'All clients' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/master');
    // master can pick any client
    const options = await page.getByLabel('Client', { exact: true }).locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Nova Records', 'Rival Music']));

    // The user menu opens from the keyboard, and Escape closes it.
    await page.locator('.user-menu summary').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect((await apiFromPage(page, '/auth/me')).status).toBe(401);
    expectCleanPage(staff);
  });

  it('shows the API’s message when the password is wrong', async () => {
    const user = await addStaff(e2e.server, 'client', own.id);
    const { page } = await openApp(e2e);
    await submitSignIn(page, user.email, 'not the password');
    await eventually(() => page.getByRole('alert').textContent()).toBe('wrong email or password');
    expect(await page.getByLabel('Email').inputValue()).toBe(user.email);
  });

  it('signs a client user in to their own dashboard, and keeps them signed in across a reload', async () => {
    const user = await addStaff(e2e.server, 'client', own.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/clients/${own.id}`);
    await eventually(() => page.locator('.client-name').textContent()).toBe('Nova Records');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    // no master-only navigation
    expect(await page.getByRole('link', { name: 'All clients' }).count()).toBe(0);
    expect(await page.getByLabel('Client', { exact: true }).count()).toBe(0);
    expectCleanPage(staff);
  });

  it('keeps a client user out of another client’s pages: "not found" in the app, 404 from the API, at phone width', async () => {
    const user = await addStaff(e2e.server, 'client', own.id);
    const staff = await signIn(e2e, user.email, { width: 375 });
    const { page } = staff;
    for (const path of [`/app/clients/${other.id}`, `/app/clients/${other.id}/settings`, `/app/clients/${other.id}/smartlinks`, '/app/master', '/app/clients/new']) {
      await page.goto(e2e.origin + path);
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      expect(await page.content(), path).not.toContain('Rival Music');
    }
    expect((await apiFromPage(page, `/clients/${other.id}`)).status).toBe(404);
    expect((await apiFromPage(page, `/smartlinks?clientId=${other.id}`)).body).toMatchObject({ data: [] });
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    for (const [path, heading] of [
      [`/app/clients/${own.id}`, 'Dashboard'],
      [`/app/clients/${own.id}/smartlinks/new`, 'New smartlink'],
      [`/app/clients/${own.id}/settings`, 'Settings'],
      ['/app/notifications', 'Notifications'],
    ] as const) {
      await page.goto(e2e.origin + path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
    expectCleanPage(staff);
  });

  it('changes a password from the user menu; the new one signs in', async () => {
    const user = await addStaff(e2e.server, 'viewer', own.id);
    const { page } = await signIn(e2e, user.email);
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change password' }).waitFor();
    await page.getByLabel('Current password').fill('wrong current password');
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('New password, again').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('the current password is wrong');
    await page.getByLabel('Current password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

    const fresh = await openApp(e2e);
    await submitSignIn(fresh.page, user.email, 'a brand new passphrase');
    await fresh.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });
});

// A viewer (read-only user) sees their client's dashboard, smartlinks and settings, with no way to
// change them: no management button, every field disabled, management pages "not found".
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from './support/harness.js';
import type { TaggedLink } from './support/server.js';
import { addStaff, expectCleanPage, signIn, type StaffPage } from './support/webapp.js';


describe('web app: viewer role', () => {
  const e2e = useE2E();
  let link: TaggedLink;
  let email: string;

  beforeAll(async () => {
    link = await e2e.link({ client: { name: 'Read Only Records', tracking: {} } });
    email = (await addStaff(e2e.server, 'viewer', link.client.id)).email;
  });

  /** A viewer signed in, in a fresh context (contexts are closed after each test). */
  const signInViewer = (): Promise<StaffPage> => signIn(e2e, email);

  it('shows the dashboard, and no management navigation', async () => {
    const viewer = await signInViewer();
    const { page } = viewer;
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    for (const name of ['Users', 'API keys', 'All clients']) expect(await page.getByRole('link', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy', exact: true }).count()).toBe(1); // the raw export is theirs too
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(1); // reading is allowed
  });

  it('lists smartlinks without "New smartlink", and shows one read-only', async () => {
    const { page } = await signInViewer();
    await page.getByRole('link', { name: 'Smartlinks', exact: true }).click();
    await page.getByRole('link', { name: 'Nova Lune – Midnight Drive' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nova Lune – Midnight Drive' }).waitFor();
    expect(await page.getByRole('link', { name: 'New smartlink' }).count()).toBe(0);
    for (const name of ['Save changes', 'Add a service', 'Add a country link', /^Move /, /^Remove/]) {
      expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    for (const label of ['Artist', 'Title', 'Slug', 'Status']) expect(await page.getByLabel(label, { exact: true }).isDisabled(), label).toBe(true);
    expect(await page.locator('.service-row input, .service-row select').evaluateAll((fields) => fields.every((f) => f.matches(':disabled')))).toBe(true);
    // sharing stays available
    expect(await page.getByRole('button', { name: 'Download PNG' }).count()).toBe(1);
  });

  it('shows the settings with every field disabled and no Save button', async () => {
    const { page } = await signInViewer();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.locator('main input, main select').evaluateAll((fields) => fields.length > 5 && fields.every((f) => f.matches(':disabled')))).toBe(true);
  });

  it('answers "not found" for the management pages', async () => {
    const viewer = await signInViewer();
    const { page } = viewer;
    for (const path of ['/app/users', '/app/keys', `/app/clients/${link.client.id}/smartlinks/new`, '/app/clients/new']) {
      await page.goto(e2e.origin + path);
      await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    }
    expectCleanPage(viewer);
  });
});

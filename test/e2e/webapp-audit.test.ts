// Issue 20 in the web app: the master's Audit log screen lists every change newest first, with
// who made it (by e-mail) and the client (by name); an action made in the app shows up with its
// before and after readable, the filters (action, client, who, days) narrow the list, and it pages.
// The screen and its nav entry are the master's only.
import { beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit-log.js';
import { useE2E } from './support/harness.js';
import type { TaggedLink } from './support/server.js';
import { addStaff, eventually, expectCleanPage, signIn } from './support/webapp.js';

describe('web app: audit log', () => {
  const e2e = useE2E();
  let link: TaggedLink;

  beforeAll(async () => {
    link = await e2e.link({ client: { name: 'Audited Records', tracking: {} } });
    // an older history, enough for two pages
    const db = e2e.server.t.ctx.database.db;
    const start = Date.now() - 10 * 86_400_000;
    for (let i = 0; i < 55; i++) await recordAudit(db, { actor: 'cli', clientId: link.client.id, action: 'smartlink.update', target: `old-${i}`, after: { n: i } }, start + i * 60_000);
  }, 60_000);

  it('shows an action made in the app with its before and after, filters and pages', async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, admin.email);
    const { page } = staff;

    // an action in the app: a mirror set on the Migration screen
    await page.goto(`${e2e.origin}/app/migration`);
    await page.getByLabel('Another client').selectOption({ label: 'Audited Records' });
    const card = page.getByRole('article', { name: 'Audited Records' });
    await card.getByLabel('Webhook URL').fill('https://legacy.example/audited');
    await card.getByLabel('Signing secret').fill('a-secret-of-sixteen-or-more');
    await card.getByRole('button', { name: 'Save the mirror' }).click();
    await card.getByRole('status').getByText('Mirror of Audited Records saved.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(await page.title()).toBe('Audit log · Duotrack');
    const table = page.getByRole('table').first();
    const first = table.getByRole('row').nth(1);
    await first.getByText('client.mirror').waitFor();
    expect(await first.getByRole('cell').nth(1).textContent()).toBe(admin.email);
    expect(await first.getByRole('cell').nth(2).textContent()).toBe('Audited Records');
    await first.getByText('Before and after').click();
    const change = first.getByRole('row', { name: /^mirror/ });
    expect(await change.textContent()).toContain('https://legacy.example/audited');
    expect(await first.textContent()).not.toContain('a-secret-of-sixteen-or-more');

    // filters: the Migration actions by this user; then the Smartlinks actions of the client, paged
    await page.getByLabel('Action').selectOption({ label: 'Clients' });
    await page.getByLabel('Who').selectOption({ label: admin.email });
    await page.getByText('Entries 1–1 of 1').waitFor();
    await page.getByLabel('Who').selectOption({ label: 'Anyone' });
    await page.getByLabel('Action').selectOption({ label: 'Smartlinks' });
    await page.getByRole('main').getByLabel('Client', { exact: true }).selectOption({ label: 'Audited Records' });
    await page.getByText('Entries 1–50 of 55').waitFor();
    expect(await table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('The command line');
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Entries 51–55 of 55').waitFor();
    await eventually(() => table.getByRole('row').count()).toBe(6);
    // days: nothing of this client's smartlinks today
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByText('No entry matches these filters.').waitFor();
    expectCleanPage(staff);
  });

  it('is the master’s only', async () => {
    const user = await addStaff(e2e.server, 'client', link.client.id);
    const { page } = await signIn(e2e, user.email);
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${e2e.origin}/app/audit`);
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Audit log' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Audit log' }).count()).toBe(0);
  });
});

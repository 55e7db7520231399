// Issue 9 and 20 in the web app: the master's Migration screen shows a dual-running client's
// reconciliation against its imported legacy counts — per day, a +1 % day within ±2 %, a −5 % day
// outside, the explanation column, no "ready to switch" badge — and switches and rolls back only
// once the dialog saying what happens is confirmed (Cancel changes nothing), both in the audit log.
// It sets and removes the client's legacy mirror (a refused URL marked on its field), uploads a
// legacy CSV from the browser (its per-line problems, or its summary), and reconciles over chosen
// days so that today's import shows. The screen and its nav entry are the master's only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, localTime, startOfDay } from '../../src/analytics/time-zone.js';
import { importLegacyCounts } from '../../src/migration/legacy-import.js';
import { switchMode } from '../../src/migration/mode.js';
import { storeEvents } from '../../src/events/append.js';
import { syntheticEvents } from '../support/synthetic-events.js';
import { useE2E } from './support/harness.js';
import type { TaggedLink } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

describe('web app: migration', () => {
  const e2e = useE2E();
  let link: TaggedLink;
  let days: [string, string];

  beforeAll(async () => {
    link = await e2e.link({ client: { name: 'Legacy Records', tracking: {} } });
    const { database } = e2e.server.t.ctx;
    const zone = link.client.timeZone;
    const today = localTime(Date.now(), zone).date;
    days = [addDays(today, -2), addDays(today, -1)];
    const events = [...syntheticEvents({ clientId: link.client.id, smartlinkIds: [link.smartlink.id], from: startOfDay(days[0], zone), to: startOfDay(today, zone), views: 800, seed: 4 })];
    for (let i = 0; i < events.length; i += 500) await storeEvents(database, events.slice(i, i + 500));
    await e2e.server.t.ctx.rollups.fold();
    // Duotrack's own figures, then legacy counts 1 % below them on the first day, 5 % above on the second.
    const sums = await database.db.selectFrom('rollups').select(['bucket', 'views', 'clicks']).where('client_id', '=', link.client.id).where('smartlink_id', '=', '*').where('dim', '=', '').execute();
    const of = (day: string) => {
      const [start, end] = [startOfDay(day, zone), startOfDay(addDays(day, 1), zone)];
      const rows = sums.filter((r) => Number(r.bucket) >= start && Number(r.bucket) < end);
      return { views: rows.reduce((n, r) => n + Number(r.views), 0), clicks: rows.reduce((n, r) => n + Number(r.clicks), 0) };
    };
    const [d0, d1] = [of(days[0]), of(days[1])];
    await importLegacyCounts(database, [
      { line: 1, row: { smartlink: link.smartlink.slug, day: days[0], views: Math.round(d0.views / 1.01), clicks: d0.clicks } },
      { line: 2, row: { smartlink: link.smartlink.slug, day: days[1], views: Math.round(d1.views / 0.95), clicks: d1.clicks } },
    ], { clientId: link.client.id });
    await switchMode(database.db, link.client.id, 'dual');
  }, 60_000);

  const openMigration = async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, admin.email);
    await staff.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migration' }).click();
    await staff.page.getByRole('heading', { level: 1, name: 'Migration' }).waitFor();
    const card = staff.page.getByRole('article', { name: 'Legacy Records' });
    await card.waitFor();
    return { admin, staff, page: staff.page, card };
  };
  const dialogOf = (page: Page) => page.getByRole('dialog');
  const modeBadge = (card: Locator) => card.locator('.badge').first().textContent();

  it('shows the reconciliation with verdicts, and switches and rolls back only once confirmed', async () => {
    const { admin, staff, page, card } = await openMigration();
    expect(await page.title()).toBe('Migration · Duotrack');
    expect(await modeBadge(card)).toBe('Mode: Dual run');
    await card.getByText('Not ready').waitFor();

    const table = card.getByRole('table');
    const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) });
    expect(await row(days[0]).getByRole('cell').nth(7).textContent()).toBe('Within');
    expect(await row(days[1]).getByRole('cell').nth(7).textContent()).toBe('Outside');
    expect(await row(days[0]).getByRole('cell').nth(3).textContent()).toMatch(/^\+1(\.0)?%$/);
    expect(await row(days[1]).getByRole('cell').nth(3).textContent()).toMatch(/^-5(\.0)?%$/);
    const explanation = await row(days[1]).getByRole('cell').nth(8).textContent();
    expect(explanation).toMatch(/\d+ bot or link-preview views excluded by Duotrack/);
    expect(explanation).toMatch(/browser tags confirmed [\d.]+% of views/);

    // a wider tolerance: every day within, ready to switch
    await page.getByLabel('Tolerance (±%)').fill('6');
    await card.getByText('Ready to switch').waitFor();

    // the switch asks first and says what happens; Cancel changes nothing
    await card.getByRole('button', { name: 'Switch to Duotrack' }).click();
    const dialog = dialogOf(page);
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Duotrack becomes the reference for Legacy Records, and nothing more is sent to the legacy webhook.');
    expect(await dialog.textContent()).toContain('You can roll back to Dual run afterwards.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await modeBadge(card)).toBe('Mode: Dual run');
    expect(((await apiFromPage(page, `/audit?clientId=${link.client.id}&action=client.tracking_mode`)).body as { data: unknown[] }).data).toEqual([]);

    // confirmed with the keyboard: switched, then rolled back the same way
    await card.getByRole('button', { name: 'Switch to Duotrack' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await card.getByRole('status').getByText('Legacy Records switched to Duotrack.').waitFor();
    await eventually(() => modeBadge(card)).toBe('Mode: Duotrack');
    await card.getByRole('button', { name: 'Roll back to Dual run' }).click();
    expect(await dialog.textContent()).toContain('Both systems are references for Legacy Records');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await card.getByRole('status').getByText('Legacy Records rolled back to Dual run.').waitFor();
    await eventually(() => modeBadge(card)).toBe('Mode: Dual run');

    const audit = (await apiFromPage(page, `/audit?clientId=${link.client.id}&action=client.tracking_mode`)).body as { data: { before: { mode: string }; after: { mode: string; rollback?: boolean }; actor: string }[] };
    expect(audit.data.map((a) => [a.before.mode, a.after.mode, a.after.rollback ?? false])).toEqual([
      ['duotrack', 'dual', true],
      ['dual', 'duotrack', false],
    ]);
    expect(audit.data.every((a) => a.actor === `user:${admin.id}`)).toBe(true);
    expectCleanPage(staff);
  });

  it('sets the legacy mirror (a refused URL marked on its field), warns that switching drops what waits, and removes it once confirmed', async () => {
    const { staff, page, card } = await openMigration();
    const mirror = card.getByRole('region', { name: 'Legacy mirror' });
    await mirror.getByText('No mirror: nothing is sent to a legacy system.').waitFor();
    await mirror.getByLabel('Webhook URL').fill('ftp://legacy.example/hook');
    await mirror.getByLabel('Signing secret').fill('legacy-shared-secret-0123');
    await mirror.getByRole('button', { name: 'Save the mirror' }).click();
    const url = mirror.getByLabel('Webhook URL');
    await eventually(() => url.getAttribute('aria-invalid')).toBe('true');
    await mirror.getByText('An http(s) URL', { exact: true }).waitFor();

    await url.fill('https://legacy.example/hook');
    await mirror.getByRole('button', { name: 'Save the mirror' }).click();
    await mirror.getByRole('status').getByText('Mirror of Legacy Records saved.').waitFor();
    await mirror.getByText('Events go to https://legacy.example/hook.').waitFor();
    await mirror.getByText('Mirroring now').waitFor();
    await mirror.getByText('A signing secret is set (it is never shown).').waitFor();

    await card.getByRole('button', { name: 'Switch to Duotrack' }).click();
    expect(await dialogOf(page).textContent()).toContain('Events still waiting to be sent to the legacy webhook are dropped, unsent.');
    await dialogOf(page).getByRole('button', { name: 'Cancel' }).click();

    await mirror.getByRole('button', { name: 'Remove the mirror' }).click();
    expect(await dialogOf(page).textContent()).toContain('Events of Legacy Records stop being sent to https://legacy.example/hook, and those still waiting are dropped, unsent.');
    await dialogOf(page).getByRole('button', { name: 'Confirm' }).click();
    await mirror.getByRole('status').getByText('Mirror of Legacy Records removed.').waitFor();
    await mirror.getByText('No mirror: nothing is sent to a legacy system.').waitFor();
    const audit = (await apiFromPage(page, `/audit?clientId=${link.client.id}&action=client.mirror`)).body as { data: { after: { mirror: unknown } }[] };
    expect(audit.data.map((a) => a.after.mirror === null)).toEqual([true, false]);
    expectCleanPage(staff);
  });

  it('uploads a legacy CSV (its problems line by line, or its summary) and reconciles over chosen days, today included', async () => {
    const { staff, page, card } = await openMigration();
    const today = localTime(Date.now(), link.client.timeZone).date;
    const dir = mkdtempSync(join(tmpdir(), 'dt-import-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `smartlink,day,views,clicks\n${link.smartlink.slug},${today},many,1\nno-such-link,${today},3,1\n`);
    const good = join(dir, 'legacy.csv');
    writeFileSync(good, `smartlink,day,views,clicks\n${link.smartlink.slug},${today},4321,12\n`);

    const form = page.getByRole('region', { name: 'Import legacy counts' });
    await form.getByLabel('Client of rows that name none').selectOption({ label: 'Legacy Records' });
    await form.getByLabel('File (CSV or JSON)').setInputFiles(bad);
    await form.getByRole('button', { name: 'Import' }).click();
    const problems = form.getByRole('alert');
    await problems.getByText('Nothing was imported. Problems:').waitFor();
    expect(await problems.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Line 2: /), expect.stringMatching(/^Line 3: .*no-such-link/)]);

    await form.getByLabel('File (CSV or JSON)').setInputFiles(good);
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByRole('status').getByText('Imported 1 row for 1 client.').waitFor();

    // the last 48 hours do not reach today; today as the chosen days does
    expect(await card.getByRole('row', { name: new RegExp(`^${today}`) }).count()).toBe(0);
    await page.getByLabel('Window', { exact: true }).selectOption({ label: 'Chosen days' });
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    const todayRow = card.getByRole('row', { name: new RegExp(`^${today}`) });
    await todayRow.waitFor();
    expect(await todayRow.getByRole('cell').nth(1).textContent()).toBe('4,321');
    // a window that ends before it starts is refused on its field, nothing asked
    await page.getByLabel('From', { exact: true }).fill(addDays(today, 1));
    await page.getByText('The last day comes before the first.').waitFor();
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expectCleanPage(staff);
  });

  it('speaks French, switch dialog included', async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const { page } = await signIn(e2e, admin.email, { acceptLanguage: 'fr-FR,fr' });
    await page.goto(`${e2e.origin}/app/migration`);
    await page.getByRole('heading', { level: 1, name: 'Migration' }).waitFor();
    const card = page.getByRole('article', { name: 'Legacy Records' });
    expect(await modeBadge(card)).toBe('Mode : Double suivi');
    await page.getByLabel('Période', { exact: true }).selectOption({ label: 'Jours choisis' });
    await card.getByRole('columnheader', { name: 'Vues ancien système' }).waitFor();
    await card.getByRole('button', { name: 'Passer en Duotrack' }).click();
    expect(await dialogOf(page).textContent()).toContain('Duotrack devient la référence pour Legacy Records');
    await dialogOf(page).getByRole('button', { name: 'Annuler' }).click();
    expect(await modeBadge(card)).toBe('Mode : Double suivi');
  });

  it('is the master’s only: a client user has no nav entry and gets "not found"', async () => {
    const user = await addStaff(e2e.server, 'client', link.client.id);
    const { page } = await signIn(e2e, user.email);
    expect(await page.getByRole('link', { name: 'Migration' }).count()).toBe(0);
    await page.goto(`${e2e.origin}/app/migration`);
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Migration' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Migration' }).count()).toBe(0);
  });
});

// Issue 9 in the web app: the master's Migration screen shows a dual-running client's
// reconciliation against its imported legacy counts — per day, a +1 % day within ±2 %, a −5 % day
// outside, the explanation column (excluded bots, unconfirmed views), no "ready to switch" badge —
// and switches the client to Duotrack and rolls it back with the keyboard, both in the audit log.
// The screen and its nav entry are the master's only.
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

  it('shows the reconciliation with verdicts and explanations, and switches and rolls back with the keyboard', async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, admin.email);
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Migration' }).waitFor();
    const card = page.getByRole('article', { name: 'Legacy Records' });
    await card.waitFor();
    expect(await card.locator('.badge').first().textContent()).toBe('Mode: Dual run');
    await card.getByText('Not ready').waitFor();
    expect(await card.getByText('Ready to switch').count()).toBe(0);

    const table = card.getByRole('table');
    const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) });
    expect(await row(days[0]).getByRole('cell').nth(7).textContent()).toBe('Within');
    expect(await row(days[1]).getByRole('cell').nth(7).textContent()).toBe('Outside');
    expect(await row(days[0]).getByRole('cell').nth(3).textContent()).toMatch(/^\+1(\.0)? %$/);
    expect(await row(days[1]).getByRole('cell').nth(3).textContent()).toMatch(/^−5(\.0)? %$/);
    const explanation = await row(days[1]).getByRole('cell').nth(8).textContent();
    expect(explanation).toMatch(/bot or link-preview view\(s\) excluded by Duotrack/);
    expect(explanation).toMatch(/browser tags confirmed [\d.]+ % of views/);

    // a wider tolerance: every day within, ready to switch
    await page.getByLabel('Tolerance (±%)').fill('6');
    await card.getByText('Ready to switch').waitFor();

    // switch to Duotrack with the keyboard, then roll back
    await card.getByRole('button', { name: 'Switch to Duotrack' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('status').getByText('Legacy Records switched to Duotrack.').waitFor();
    await eventually(() => card.locator('.badge').first().textContent()).toBe('Mode: Duotrack');
    await card.getByRole('button', { name: 'Roll back to Dual run' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('status').getByText('Legacy Records rolled back to Dual run.').waitFor();
    await eventually(() => card.locator('.badge').first().textContent()).toBe('Mode: Dual run');

    const audit = (await apiFromPage(page, `/audit?clientId=${link.client.id}&action=client.tracking_mode`)).body as { data: { before: { mode: string }; after: { mode: string; rollback?: boolean }; actor: string }[] };
    expect(audit.data.map((a) => [a.before.mode, a.after.mode, a.after.rollback ?? false])).toEqual([
      ['duotrack', 'dual', true],
      ['dual', 'duotrack', false],
    ]);
    expect(audit.data.every((a) => a.actor === `user:${admin.id}`)).toBe(true);
    expectCleanPage(staff);
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

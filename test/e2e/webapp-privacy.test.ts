// Issue 20 in the web app: the Privacy screen erases a fan's records by the privacy page's
// reference (a visitor id) once the dialog saying what is deleted is confirmed — a malformed id
// is refused on its field, a well-formed id with nothing stored says so plainly — and downloads
// the client's raw events (CSV or NDJSON). A viewer exports but cannot erase. In French too.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../../src/events/append.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { syntheticEvents } from '../support/synthetic-events.js';
import { useE2E } from './support/harness.js';
import type { TaggedLink } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

describe('web app: privacy', () => {
  const e2e = useE2E();
  let link: TaggedLink;
  let events: TrackedEvent[];

  beforeAll(async () => {
    link = await e2e.link({ client: { name: 'Rights Records', tracking: {} } });
    const now = Date.now();
    events = [...syntheticEvents({ clientId: link.client.id, smartlinkIds: [link.smartlink.id], from: now - 3_600_000, to: now - 60_000, views: 30, seed: 7, visitors: 5 })];
    await storeEvents(e2e.server.t.ctx.database, events);
  }, 60_000);

  const stored = async () => Number((await e2e.server.t.ctx.database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', link.client.id).executeTakeFirstOrThrow()).n);

  it('erases a fan by the privacy page’s reference once confirmed, refuses a malformed id on its field, and says when nothing was stored', async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, admin.email);
    const { page } = staff;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    expect(await page.title()).toBe('Privacy · Duotrack');
    await page.getByRole('main').getByLabel('Client', { exact: true }).selectOption({ label: 'Rights Records' });

    const form = page.getByRole('region', { name: 'Erase a fan’s records' });
    const id = form.getByLabel('Id', { exact: true });
    const erase = async (value: string) => {
      await id.fill(value);
      await form.getByRole('button', { name: 'Erase' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const said = await dialog.textContent();
      await dialog.getByRole('button', { name: 'Erase for good' }).click();
      return said;
    };

    // malformed: refused on the field, nothing erased
    await erase('0000deadbeef');
    await eventually(() => id.getAttribute('aria-invalid')).toBe('true');
    await form.getByText(/"0000deadbeef" is not a visitor id/).first().waitFor();
    const before = await stored();

    // the dialog says what happens; Cancel erases nothing
    const visitor = events.find((e) => e.visitor_id !== null)!.visitor_id as string;
    const mine = events.filter((e) => e.visitor_id === visitor);
    await id.fill(visitor);
    await form.getByRole('button', { name: 'Erase' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await stored()).toBe(before);

    const said = await erase(visitor);
    expect(said).toContain(`Every event of visitor:${visitor} is deleted for good, in Rights Records`);
    expect(said).toContain('This cannot be undone');
    const views = mine.filter((e) => e.type !== 'client').length;
    const confirmations = mine.length - views;
    await form.getByRole('status').getByText(`Erased visitor:${visitor}: ${views} event(s) and ${confirmations} browser confirmation(s).`).waitFor();
    expect(await stored()).toBe(before - mine.length);

    // the same reference again: nothing was stored
    await erase(visitor.toUpperCase());
    await form.getByRole('status').getByText(`Nothing was stored for visitor:${visitor}: nothing was erased (it is recorded in the audit log all the same).`).waitFor();
    const audit = (await apiFromPage(page, `/audit?action=privacy.erase&actor=user:${admin.id}`)).body as { data: { target: string; clientId: string }[] };
    expect(audit.data.map((a) => [a.target, a.clientId])).toEqual([[`visitor:${visitor}`, link.client.id], [`visitor:${visitor}`, link.client.id]]);
    expectCleanPage(staff);
  });

  it('downloads the raw events as CSV and NDJSON', async () => {
    const admin = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, admin.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/privacy`);
    await page.getByRole('main').getByLabel('Client', { exact: true }).selectOption({ label: 'Rights Records' });
    const form = page.getByRole('region', { name: 'Export raw events' });
    const total = await stored();

    const [csv] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download the events' }).click()]);
    expect(csv.suggestedFilename()).toBe(`duotrack-events-${link.client.id}.csv`);
    const lines = (await readFile((await csv.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^event_id,/);
    expect(lines).toHaveLength(total + 1);

    await form.getByLabel('Format').selectOption('ndjson');
    const [ndjson] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download the events' }).click()]);
    expect(ndjson.suggestedFilename()).toBe(`duotrack-events-${link.client.id}.ndjson`);
    const rows = (await readFile((await ndjson.path())!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { client_id: string });
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.client_id === link.client.id)).toBe(true);
    expectCleanPage(staff);
  });

  it('lets a viewer export but not erase', async () => {
    const viewer = await addStaff(e2e.server, 'viewer', link.client.id);
    const { page } = await signIn(e2e, viewer.email);
    await page.goto(`${e2e.origin}/app/privacy`);
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    await page.getByText('Your role can export but not erase.').waitFor();
    expect(await page.getByRole('button', { name: 'Erase' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Download the events' }).waitFor();
  });

  it('speaks French', async () => {
    const user = await addStaff(e2e.server, 'client', link.client.id);
    const { page } = await signIn(e2e, user.email, { acceptLanguage: 'fr-FR,fr' });
    await page.getByRole('navigation').getByRole('link', { name: 'Confidentialité' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confidentialité' }).waitFor();
    expect(await page.title()).toBe('Confidentialité · Duotrack');
    await page.getByRole('region', { name: 'Effacer les données d’un fan' }).getByLabel('Identifiant', { exact: true }).fill('xyz');
    await page.getByRole('button', { name: 'Effacer' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Chaque événement de visitor:xyz est supprimé définitivement, chez Rights Records');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Télécharger les événements' }).waitFor();
  });
});

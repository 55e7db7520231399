// Issue 7 in the web app: a client whose GTM fails to load in fans' browsers gets a tags_failing
// alert (raised by the alert engine from what real page loads reported), the bell counts it, the
// notifications list shows it, and it can be marked read. Other clients never see it; a viewer
// sees it but cannot mark it.
import { beforeAll, describe, expect, it } from 'vitest';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createAlertEngine } from '../../src/monitoring/alerts.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { TAG_IDS, waitForEvents, type TaggedLink } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

/** The fewest browser confirmations in an hour the rule judges (src/monitoring/alerts.ts). */
const CONFIRMATIONS = 20;
const silent = { warn: () => undefined, error: () => undefined };

describe('web app: notifications', () => {
  const e2e = useE2E();
  let link: TaggedLink;

  beforeAll(async () => {
    link = await e2e.link({ client: { name: 'Blocked Records', tracking: { gtm: TAG_IDS.gtm } } });
    // Fans whose browsers block GTM (an ad-blocker): real page loads, each confirmed by its beacon.
    for (let batch = 0; batch < CONFIRMATIONS / 5; batch++) {
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          const fan = await e2e.visitor({ ip: VISITOR_IPS.US, tags: { gtm: 'block' } });
          await e2e.visit(fan, link.path);
        }),
      );
    }
    const confirmations = await waitForEvents(e2e.server, link.smartlink.id, 'the browsers’ confirmations', (e) => e.type === 'client', CONFIRMATIONS, 20_000);
    expect(confirmations.every((c) => JSON.parse(c.client_tags!).gtm === 'blocked')).toBe(true);
    await createAlertEngine(e2e.server.t.ctx.database.db, silent, { slackWebhookUrl: null, outbound: createOutbound([]) }).evaluate();
  }, 60_000);

  it('words the alert in the app’s language, from the figures it was opened with', async () => {
    const user = await addStaff(e2e.server, 'viewer', link.client.id);
    const { page } = await signIn(e2e, user.email, { acceptLanguage: 'fr-FR,fr' });
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const alert = page.getByRole('listitem', { name: /^Des tags ne se chargent pas/ });
    await alert.waitFor();
    expect((await alert.locator('.alert-message').textContent())?.replace(/\s/g, ' ')).toBe(
      `Des tags ne se sont pas chargés dans 100,0 % des navigateurs qui ont affiché une page sur la dernière heure (${CONFIRMATIONS} sur ${CONFIRMATIONS} : GTM ${CONFIRMATIONS}).`,
    );
  });

  it('shows the failing-tags alert, counted by the bell, and marks it read', async () => {
    const user = await addStaff(e2e.server, 'client', link.client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    const bell = page.getByRole('link', { name: /^Notifications/ });
    await eventually(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');

    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const alert = page.getByRole('listitem', { name: 'Tags failing to load, unread' });
    await alert.waitFor();
    expect(await alert.locator('.alert-message').textContent()).toBe(
      `Tags failed to load in 100.0% of the browsers that showed a page in the last hour (${CONFIRMATIONS} of ${CONFIRMATIONS}: GTM ${CONFIRMATIONS}).`,
    );
    expect(await alert.locator('.badge-open').textContent()).toBe('Open');
    expect(await alert.locator('.alert-times dd').nth(1).textContent()).toBe('Not yet'); // resolved

    await alert.getByRole('button', { name: 'Mark as read' }).click();
    await page.getByRole('listitem', { name: 'Tags failing to load' }).locator('.alert-times').getByText('Read').waitFor();
    expect(await page.getByRole('button', { name: 'Mark as read' }).count()).toBe(0);
    await eventually(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(await page.getByTestId('unread-count').count()).toBe(0);
    const stored = (await apiFromPage(page, '/alerts?unread=true')).body as { data: unknown[] };
    expect(stored.data).toEqual([]);

    await page.getByRole('button', { name: 'Unread' }).click();
    await page.getByText('No notifications.').waitFor();
    expectCleanPage(staff);
  });

  it('lets a viewer read the alert but not mark it; another client sees nothing of it', async () => {
    const viewer = await addStaff(e2e.server, 'viewer', link.client.id);
    const { page } = await signIn(e2e, viewer.email);
    await page.goto(`${e2e.origin}/app/notifications`);
    await page.getByRole('listitem', { name: /^Tags failing to load/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark as read' }).count()).toBe(0);

    const stranger = await e2e.link({ client: { name: 'Quiet Label', tracking: {} } });
    const outsider = await addStaff(e2e.server, 'client', stranger.client.id);
    const other = await signIn(e2e, outsider.email);
    await other.page.goto(`${e2e.origin}/app/notifications`);
    await other.page.getByText('No notifications.').waitFor();
    expect(await other.page.getByRole('link', { name: /^Notifications/ }).getAttribute('aria-label')).toBe('Notifications, none unread');
  });
});

// Routing rules and returning fans in the web app: a client user adds rules to a smartlink (Apple
// Music first on iOS, Deezer first in France), is told at once when a country is not a code, saves,
// and fans on an iPhone or in France see that order; the client turns on "take returning fans
// straight to their service" in its settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';
import { uniqueSlug } from './support/server.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('web app: routing rules and returning fans', () => {
  const e2e = useE2E();
  let client: Client;
  let smartlink: Smartlink;

  beforeAll(async () => {
    const db = e2e.server.t.ctx.database.db;
    client = await createClient(db, { name: 'Routing Records' });
    smartlink = await createSmartlink(db, {
      clientId: client.id,
      slug: uniqueSlug('routing'),
      artistName: 'Nova Lune',
      trackTitle: 'Harbour Lights',
      status: 'live',
      services: [
        { service: 'spotify', url: 'https://open.spotify.com/track/h' },
        { service: 'deezer', url: 'https://www.deezer.com/track/h' },
        { service: 'apple-music', url: 'https://music.apple.com/us/album/h' },
      ],
    });
  });

  it('adds rules to a smartlink; fans on iOS and in France get their order', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const staff = await signIn(e2e, user.email);
    const { page } = staff;
    await page.goto(`${e2e.origin}/app/clients/${client.id}/smartlinks/${smartlink.id}`);
    await page.getByRole('heading', { level: 1, name: 'Nova Lune – Harbour Lights' }).waitFor();

    const rules = page.getByRole('group', { name: 'Order by system or country' });
    expect(await rules.textContent()).toContain('No rule: every fan sees the order above.');
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    const first = rules.getByRole('listitem', { name: 'Rule 1' });
    expect(await first.getByLabel('System').inputValue()).toBe('ios');
    expect(await first.getByLabel('Service 1 of rule 1').inputValue()).toBe('apple-music');

    await rules.getByRole('button', { name: 'Add a rule' }).click();
    const second = rules.getByRole('listitem', { name: 'Rule 2' });
    await second.getByLabel('System').selectOption('');
    await second.getByLabel('Countries').fill('France');
    await eventually(() => second.getByRole('alert').textContent()).toBe('“FRANCE” is not an ISO 3166-1 country code (such as FR, GB, US).');
    await second.getByLabel('Countries').fill('fr, be');
    expect(await second.getByRole('alert').count()).toBe(0);
    await second.getByLabel('Service 1 of rule 2').selectOption('deezer');
    await second.getByRole('button', { name: 'Then another service' }).click();
    await second.getByLabel('Service 2 of rule 2').selectOption('apple-music');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = (await apiFromPage(page, `/smartlinks/${smartlink.id}`)).body as Smartlink;
    expect(saved.routing).toEqual({ rules: [{ os: 'ios', first: ['apple-music'] }, { countries: ['FR', 'BE'], first: ['deezer', 'apple-music'] }] });
    await expectCleanPage(staff);

    const order = async (ip: string, userAgent?: string) => {
      const fan = await e2e.visitor({ ip, ...(userAgent ? { userAgent } : {}) });
      const { page: fanPage } = await e2e.visit(fan, `/${smartlink.slug}`);
      return fanPage.locator('a[data-service]').evaluateAll((links) => links.map((a) => a.getAttribute('data-service')));
    };
    expect(await order(VISITOR_IPS.US, IPHONE_UA)).toEqual(['apple-music', 'spotify', 'deezer']);
    expect(await order(VISITOR_IPS.FR)).toEqual(['deezer', 'apple-music', 'spotify']);
    expect(await order(VISITOR_IPS.GB)).toEqual(['spotify', 'deezer', 'apple-music']);
  });

  it('lets the client take returning fans straight to their remembered service', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/clients/${client.id}/settings`);
    const form = page.getByRole('form', { name: 'Returning fans' });
    const box = form.getByLabel('Take them straight to their service');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await form.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => ((await apiFromPage(page, `/clients/${client.id}`)).body as Client).settings.skipToPreferredService).toBe(true);
  });
});

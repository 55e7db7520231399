// The tag policy on the client's settings screen: a client user reads the trade-off, gets a
// per-field error for a host that is not one (nothing saved), then switches to GTM open with a
// vendor's host and saves; the page then allows that host. The dashboard's tracking-performance
// panel names a host the page's policy blocked.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSmartlink } from '../../src/links/smartlink.js';
import { recordBlockedHosts } from '../../src/monitoring/csp-reports.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { useE2E } from './support/harness.js';
import { addStaff, apiFromPage, eventually, signIn } from './support/webapp.js';
import { uniqueSlug } from './support/server.js';

const clientOf = async (page: Page, id: string) => (await apiFromPage(page, `/clients/${id}`)).body as Client;

describe('web app: tag policy', () => {
  const e2e = useE2E();
  let client: Client;

  beforeAll(async () => {
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Policy Records', tracking: { gtm: 'GTM-ABC1234' } });
  });

  it('a client user switches to GTM open, is told which host is wrong, adds a vendor host and saves', async () => {
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/clients/${client.id}/settings`);
    const form = page.getByRole('form', { name: 'Tag policy' });
    await form.waitFor();
    expect(await form.textContent()).toContain('Consent Mode still holds back Google’s tags, but not Custom HTML tags');
    expect(await form.getByLabel('Policy').inputValue()).toBe('strict');

    await form.getByLabel('Policy').selectOption('gtm-open');
    const hosts = form.getByLabel('Other vendors’ hosts (GTM open)');
    await hosts.fill("tr.snapchat.com\n'unsafe-inline'");
    await form.getByRole('button', { name: 'Save tag policy' }).click();
    await eventually(() => form.locator('.field-error').textContent()).toContain(`"'unsafe-inline'" is not an https host`);
    expect(await hosts.getAttribute('aria-invalid')).toBe('true');
    expect((await clientOf(page, client.id)).settings.tagPolicy).toBeUndefined();

    await hosts.fill('tr.snapchat.com\n*.pinimg.com');
    await form.getByRole('button', { name: 'Save tag policy' }).click();
    await eventually(async () => (await clientOf(page, client.id)).settings).toMatchObject({ tagPolicy: 'gtm-open', tagAllowList: ['tr.snapchat.com', '*.pinimg.com'] });
    await eventually(() => form.getByRole('status').textContent()).toBe('Saved.');
    expect(await form.getByLabel('Policy').inputValue()).toBe('gtm-open');

    const slug = uniqueSlug('policy');
    await createSmartlink(e2e.server.t.ctx.database.db, { clientId: client.id, slug, artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }] });
    const res = await fetch(`${e2e.origin}/${slug}`);
    expect(res.headers.get('content-security-policy')).toMatch(/img-src [^;]*https:\/\/tr\.snapchat\.com/);
  });

  it('the tracking-performance panel names a host the page’s policy blocked, with its count in the last hour', async () => {
    await recordBlockedHosts(e2e.server.t.ctx.database.db, client.id, Array(12).fill('www.googleadservices.com'));
    const user = await addStaff(e2e.server, 'client', client.id);
    const { page } = await signIn(e2e, user.email);
    await page.goto(`${e2e.origin}/app/clients/${client.id}`);
    const blocked = page.locator('.blocked-by-policy');
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('www.googleadservices.com — 12 in the last hour');
  });
});

// A client's custom domain in the web app: master sets it on the settings screen, sees it pending
// with the DNS record and the HTTP URL to set up, and verifies it by the HTTP method — the stub DNS
// server points the domain at this machine, whose stand-in "port 80" leads to the running test
// server, which answers its own token. A first check, before the domain points anywhere, says what
// was looked up and found. A domain grandfathered by the upgrade is said to be so.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startDnsStub, type DnsStub } from '../support/dns-stub.js';
import { useE2E } from './support/harness.js';
import { addStaff, apiFromPage, eventually, expectCleanPage, signIn } from './support/webapp.js';

const DOMAIN = 'links.domain-records.test';

describe('web app: custom domain verification', () => {
  let dns: DnsStub;
  let port80: net.Server;
  let appPort = 0;
  let client: Client;

  beforeAll(async () => {
    dns = await startDnsStub();
    port80 = net.createServer((socket) => {
      const upstream = net.connect(appPort, '127.0.0.1');
      for (const s of [socket, upstream]) s.on('error', () => undefined);
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => port80.listen(0, '127.0.0.1', resolve));
  });
  const e2e = useE2E({}, () => ({ DNS_SERVERS: dns.server, DOMAIN_VERIFY_HTTP_PORT: String((port80.address() as net.AddressInfo).port) }));
  beforeAll(async () => {
    appPort = Number(new URL(e2e.origin).port);
    client = await createClient(e2e.server.t.ctx.database.db, { name: 'Domain Records' });
  });
  afterAll(async () => {
    await dns?.close();
    await new Promise((resolve) => port80?.close(resolve));
  });

  it('shows a new domain pending with its setup, says why a check fails, and verifies it by HTTP', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, master.email, { path: `/app/clients/${client.id}/settings` });
    const { page } = staff;
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('region', { name: 'Custom domain' }).count()).toBe(0); // no domain yet

    const account = page.getByRole('form', { name: 'Account (agency only)' });
    await account.getByRole('textbox', { name: 'Custom domain' }).fill(DOMAIN);
    await account.getByLabel('Allow a custom domain').check();
    await account.getByRole('button', { name: 'Save account' }).click();

    const card = page.getByRole('region', { name: 'Custom domain' });
    await card.getByText('Pending verification').waitFor();
    const { body } = await apiFromPage(page, `/clients/${client.id}/domain`);
    const setup = body as { dns: { name: string; value: string }; http: { url: string } };
    expect(setup.dns.name).toBe(`_duotrack.${DOMAIN}`);
    const text = await card.textContent();
    for (const shown of [DOMAIN, 'TXT', setup.dns.name, setup.dns.value, setup.http.url]) expect(text).toContain(shown);

    // The domain points nowhere yet: the check says what it looked up and found.
    await card.getByRole('button', { name: 'Verify' }).click();
    await eventually(() => card.getByRole('alert').textContent()).toContain(`${DOMAIN} is not verified: DNS: no TXT record at _duotrack.${DOMAIN}; HTTP: GET ${setup.http.url}: no A or AAAA record`);
    // The failed check is recorded: shown again after a reload.
    await page.reload();
    await eventually(() => card.getByText(/^Last checked /).textContent()).toContain(`no TXT record at _duotrack.${DOMAIN}`);

    // Now it points at this machine, where Duotrack answers the token itself.
    dns.set(DOMAIN, { A: ['127.0.0.1'] });
    await card.getByRole('button', { name: 'Verify' }).click();
    await card.getByText('Verified', { exact: true }).waitFor();
    expect(await card.textContent()).toContain(`Verified by its HTTP answer`);
    expect(await card.textContent()).toContain(`Smartlinks are served at https://${DOMAIN}/`);
    expect(await card.getByRole('button', { name: 'Verify' }).count()).toBe(0);
    expect((await apiFromPage(page, `/clients/${client.id}/domain`)).body).toMatchObject({ status: 'verified', method: 'http', served: true });

    // A domain set before verification existed (migration 0016 recorded it so): said as such, without a date.
    await e2e.server.t.ctx.database.db.updateTable('domain_verifications').set({ method: 'grandfathered' }).where('client_id', '=', client.id).execute();
    await page.reload();
    await card.getByText('Verified (set before verification existed).', { exact: false }).waitFor();
    expect(await card.textContent()).not.toMatch(/existed\) on /);
    expectCleanPage(staff);
  });
});

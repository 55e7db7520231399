// A client's tag policy in Chromium: a GTM container (stub) that injects a vendor's script and
// fires a vendor's image pixel. Under `strict` the page's CSP blocks both (neither request leaves
// the browser) and the browser's violation reports reach Duotrack, counted for that client and
// host; under `gtm-open` with the hosts in the allow-list, the script runs and the pixel is sent.
import { describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { VISITOR_IPS, type Visitor } from './support/browser.js';
import { useE2E, waitForStubs } from './support/harness.js';
import { TAG_IDS, waitFor } from './support/server.js';

const VENDOR_SCRIPT = 'https://static.ads-vendor.test/tag.js';
const VENDOR_PIXEL = 'https://px.ads-vendor.test/p.gif?e=view';

/** What the container does: what GTM does for a Custom HTML or vendor template tag. */
const CONTAINER = `(function () {
  var s = window.__stub = window.__stub || { fbq: [], ttq: [], ttqLoads: [], pageshows: [] };
  s.gtmLoaded = true;
  var tag = document.createElement('script'); tag.src = ${JSON.stringify(VENDOR_SCRIPT)}; document.head.appendChild(tag);
  new Image().src = ${JSON.stringify(VENDOR_PIXEL)};
})();`;

/** Serves the stub container and the vendor's hosts to `visitor`, recording what reached them. */
async function routeContainerAndVendor(visitor: Visitor): Promise<string[]> {
  const reached: string[] = [];
  await visitor.context.route('https://www.googletagmanager.com/gtm.js**', (route: Route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: CONTAINER }),
  );
  await visitor.context.route('https://*.ads-vendor.test/**', (route: Route) => {
    reached.push(route.request().url());
    const script = route.request().url() === VENDOR_SCRIPT;
    return route.fulfill({ status: 200, contentType: script ? 'application/javascript' : 'image/gif', body: script ? 'window.__vendorRan = true;' : '' });
  });
  return reached;
}

describe('tag policy in Chromium', () => {
  const e2e = useE2E();

  it('strict: the container’s vendor script and pixel are blocked and reported, counted for the client and host', async () => {
    const link = await e2e.link({ client: { tracking: { gtm: TAG_IDS.gtm }, settings: { tagAllowList: ['static.ads-vendor.test', 'px.ads-vendor.test'] } } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const reached = await routeContainerAndVendor(visitor);
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['gtm']);
    const counts = await waitFor(
      'reports of both vendor hosts',
      async () => {
        const rows = await e2e.server.t.ctx.database.db.selectFrom('csp_reports').select(['host', 'reports']).where('client_id', '=', link.client.id).execute();
        const hosts = rows.map((r) => r.host).sort();
        return hosts.includes('static.ads-vendor.test') && hosts.includes('px.ads-vendor.test') ? rows : null;
      },
      10_000,
    );
    expect(counts.every((r) => Number(r.reports) >= 1)).toBe(true);
    expect(reached).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __vendorRan?: boolean }).__vendorRan ?? false)).toBe(false);
    const reports = e2e.server.received.filter((r) => r.method === 'POST' && r.url.startsWith('/csp-report?c='));
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) expect(r.url).toMatch(new RegExp(`^/csp-report\\?c=${link.client.id}\\.`));
  });

  it('gtm-open with the vendor’s hosts allowed: the script runs and the pixel is sent, nothing reported', async () => {
    const link = await e2e.link({ client: { tracking: { gtm: TAG_IDS.gtm }, settings: { tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test', 'px.ads-vendor.test'] } } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const reached = await routeContainerAndVendor(visitor);
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['gtm']);
    await page.waitForFunction(() => (window as unknown as { __vendorRan?: boolean }).__vendorRan === true, undefined, { timeout: 5_000 });
    await waitFor('the pixel request', async () => reached.includes(VENDOR_PIXEL));
    expect(reached.sort()).toEqual([VENDOR_PIXEL, VENDOR_SCRIPT].sort());
    await page.waitForLoadState('load');
    await new Promise((r) => setTimeout(r, 500));
    const rows = await e2e.server.t.ctx.database.db.selectFrom('csp_reports').select('host').where('client_id', '=', link.client.id).execute();
    expect(rows).toEqual([]);
  });
});

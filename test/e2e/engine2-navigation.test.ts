// Views that a browser shows without a new request, or requests without showing: a page restored
// from the back/forward cache, and a page fetched speculatively (speculation rules) before the fan
// opens it. Chromium runs with its back/forward cache on (Playwright turns it off by default).
import { describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E, waitForDecoratedLinks, waitForStubs } from './support/harness.js';
import { beaconsFor, confirms, eventsOf, isClick, isHumanView, settle, waitFor, waitForEvents } from './support/server.js';
import { TAG_NAMES } from './support/tag-stubs.js';

/** Why Chromium did not restore a page from the back/forward cache, as CDP reports it. */
async function watchBfcache(page: Page): Promise<{ session: CDPSession; notRestored: string[] }> {
  const session = await page.context().newCDPSession(page);
  const notRestored: string[] = [];
  session.on('Page.backForwardCacheNotUsed', (event) => {
    notRestored.push(...event.notRestoredExplanations.map((e) => `${e.type}:${e.reason}`));
  });
  await session.send('Page.enable');
  return { session, notRestored };
}

async function restoredFromBfcache(page: Page, notRestored: string[]): Promise<void> {
  try {
    await page.waitForFunction(() => {
      const s = (window as unknown as { __stub?: { pageshows: { persisted: boolean }[] } }).__stub;
      return !!s && s.pageshows.some((p) => p.persisted);
    }, undefined, { timeout: 5_000 });
  } catch (err) {
    throw new Error(`the page was not restored from the back/forward cache (CDP: ${JSON.stringify(notRestored)}): ${(err as Error).message}`);
  }
}

describe('back/forward cache and speculative loads in Chromium', () => {
  const e2e = useE2E({ bfcache: true });

  it('serves the page with Cache-Control: private, no-cache', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { headers } = await e2e.visit(visitor, link.path);
    expect(headers['cache-control']).toBe('private, no-cache');
  });

  it('a page restored from the back/forward cache creates no second view and no second view beacon', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    const { notRestored } = await watchBfcache(page);
    await waitForStubs(page, TAG_NAMES);
    await waitForDecoratedLinks(page);
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the confirmed view', (e) => isHumanView(e) && e.client_confirmed_at !== null);

    await page.click('a[data-service="spotify"]');
    await page.waitForURL('https://open.spotify.com/track/x', { waitUntil: 'domcontentloaded', timeout: 5_000 });
    await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    await settle();
    const beaconsBefore = beaconsFor(e2e.server, link.smartlink.slug).length; // the view's and the click's

    await page.goBack({ waitUntil: 'commit' }); // a restore fires no load event
    expect(new URL(page.url()).pathname).toBe(link.path);
    await restoredFromBfcache(page, notRestored);
    await settle(500);
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toHaveLength(beaconsBefore);
    const events = await eventsOf(e2e.server, link.smartlink.id);
    expect(events.filter((e) => e.type === 'view')).toEqual([expect.objectContaining({ event_id: view!.event_id })]);
    expect(events.filter((e) => e.type === 'client' && e.confirms === view!.event_id)).toHaveLength(1);
  });

  it('a second tap on the same service after coming back (bfcache restore) is stored as a second click', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    const { notRestored } = await watchBfcache(page);
    await waitForDecoratedLinks(page);
    await page.click('a[data-service="spotify"]');
    await page.waitForURL('https://open.spotify.com/track/x', { waitUntil: 'domcontentloaded', timeout: 5_000 });
    await waitForEvents(e2e.server, link.smartlink.id, 'the first click', isClick);
    await page.goBack({ waitUntil: 'commit' });
    await restoredFromBfcache(page, notRestored);

    await page.click('a[data-service="spotify"]');
    await page.waitForURL('https://open.spotify.com/track/x', { waitUntil: 'domcontentloaded', timeout: 5_000 });
    const clickRequests = e2e.server.received.filter((r) => r.method === 'GET' && r.url.startsWith(`${link.path}/spotify`));
    expect(clickRequests).toHaveLength(2); // the server got both taps…
    await waitForEvents(e2e.server, link.smartlink.id, 'two clicks', isClick, 2); // …and must store both
  });

  it('a page fetched by speculation rules is not counted until shown, and counted once shown', async () => {
    // the speculative fetch carries no X-Forwarded-For (unknown location: consent would be asked); this test is about prefetch only
    const link = await e2e.link({ client: { consentRegions: [] } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const page = await visitor.newPage();
    const hostUrl = `${e2e.origin}/__e2e-speculation-host`;
    await page.route(hostUrl, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><title>host</title><script type="speculationrules">{"prerender":[{"source":"list","urls":["${link.path}"]}]}</script><a id="go" href="${link.path}">open</a>`,
      }),
    );
    await page.goto(hostUrl);

    // The speculative request reaches the server and is stored as a prefetch, out of human metrics.
    const [speculative] = await waitForEvents(e2e.server, link.smartlink.id, 'the speculative view', (e) => e.type === 'view' && e.excluded_reason === 'prefetch');
    await settle(500);
    let events = await eventsOf(e2e.server, link.smartlink.id);
    expect(events.filter(isHumanView)).toEqual([]);
    expect(events.filter((e) => e.type === 'client')).toEqual([]);
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toEqual([]);

    // The fan opens it: the page is shown from the speculative response (no second request)…
    await page.click('#go');
    await page.waitForURL(`${e2e.origin}${link.path}`, { waitUntil: 'commit' });
    await waitForDecoratedLinks(page);
    const delivery = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { activationStart?: number; deliveryType?: string };
      return { activationStart: nav.activationStart ?? null, deliveryType: nav.deliveryType ?? null };
    });
    await waitForEvents(e2e.server, link.smartlink.id, 'the shown page’s beacon', confirms(speculative!.event_id));
    events = await eventsOf(e2e.server, link.smartlink.id);
    expect(events.filter((e) => e.type === 'view')).toHaveLength(1);

    // …and now it counts as a human view.
    await waitFor(
      `the speculative view to count once shown (delivery: ${JSON.stringify(delivery)})`,
      async () => (await eventsOf(e2e.server, link.smartlink.id)).filter(isHumanView).length === 1,
    );
  });
});

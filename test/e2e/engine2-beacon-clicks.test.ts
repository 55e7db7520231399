// The browser confirms what it did (the beacon), and a tap always reaches the service: with tags
// served, blocked or hanging, and with JavaScript off. Checked on what the server stored.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { VISITOR_IPS, type Visitor } from './support/browser.js';
import { useE2E, waitForDecoratedLinks, waitForStubs } from './support/harness.js';
import { beaconsFor, confirms, eventsOf, isClick, isHumanView, settle, TAG_IDS, waitFor, waitForEvents, type StoredEvent } from './support/server.js';
import { TAG_NAMES } from './support/tag-stubs.js';

const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };
const ALL_BLOCKED = { gtm: 'blocked', ga4: 'blocked', meta: 'blocked', tiktok: 'blocked' };

describe('Engine 2 beacon and clicks in Chromium', () => {
  const e2e = useE2E();

  /** Waits for the server view of `smartlinkId` to carry its browser confirmation. */
  async function confirmedView(smartlinkId: string): Promise<StoredEvent> {
    const [view] = await waitForEvents(e2e.server, smartlinkId, 'a confirmed human view', (e) => isHumanView(e) && e.client_confirmed_at !== null);
    return view!;
  }

  async function clickService(page: Page, service: string) {
    await page.click(`a[data-service="${service}"]`);
    await page.waitForURL(/^https:\/\/(open\.spotify\.com|www\.deezer\.com)\//, { waitUntil: 'domcontentloaded', timeout: 5_000 });
    expect(await page.textContent('#service-ok')).toBe('SERVICE OK');
  }

  it('stores the view’s beacon once: which tags loaded, consent still pending when an EEA visitor leaves without choosing, a client row that confirms it', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.GB });
    const before = Date.now();
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await settle(500);
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toHaveLength(0); // it waits for the fan's choice
    await page.goto(`${e2e.origin}/healthz`); // …or for the page to hide
    const view = await confirmedView(link.smartlink.id);
    expect(JSON.parse(view.client_tags!)).toEqual(ALL_LOADED);
    expect(view.client_consent).toBe('pending');
    expect(view.client_confirmed_at).toBeGreaterThanOrEqual(before - 1_000);
    expect(view.client_confirmed_at).toBeLessThanOrEqual(Date.now() + 1_000);
    const [confirmation] = await waitForEvents(e2e.server, link.smartlink.id, 'the client row', confirms(view.event_id));
    // (a beacon sent on pagehide carries none of the test context's headers, X-Forwarded-For included: no session comparison here)
    expect(confirmation).toMatchObject({ type: 'client', confirms: view.event_id, client_consent: 'pending' });
    expect(JSON.parse(confirmation!.client_tags!)).toEqual(ALL_LOADED);

    // one beacon for the view, however the page ended
    await settle(500);
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toHaveLength(1);
    expect((await eventsOf(e2e.server, link.smartlink.id)).filter((e) => e.type === 'client')).toHaveLength(1);
  });

  it('sends an EEA view’s beacon once the fan chooses, with that choice', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.FR });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await page.click('[data-consent="granted"]');
    const view = await confirmedView(link.smartlink.id);
    expect(view.client_consent).toBe('granted');
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toHaveLength(1);
  });

  it('reports consent not_required for a US visitor, and not_configured for the tags a client does not have', async () => {
    const link = await e2e.link({ client: { tracking: { gtm: TAG_IDS.gtm } } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['gtm']);
    const view = await confirmedView(link.smartlink.id);
    expect(view.client_consent).toBe('not_required');
    expect(JSON.parse(view.client_tags!)).toEqual({ gtm: 'loaded', ga4: 'not_configured', meta: 'not_configured', tiktok: 'not_configured' });
  });

  it('reports the stored choice on the next views: granted after Accept, denied after Refuse', async () => {
    for (const choice of ['granted', 'denied'] as const) {
      const link = await e2e.link();
      const visitor = await e2e.visitor({ ip: VISITOR_IPS.FR });
      const first = await e2e.visit(visitor, link.path);
      await waitForStubs(first.page, TAG_NAMES);
      await first.page.locator(`#dt-consent [data-consent="${choice}"]`).click();
      await first.page.locator('#dt-consent').waitFor({ state: 'hidden', timeout: 2_000 });
      const firstView = await confirmedView(link.smartlink.id);
      await first.page.close();

      const second = await e2e.visit(visitor, link.path);
      await waitForStubs(second.page, TAG_NAMES);
      const [secondView] = await waitForEvents(
        e2e.server,
        link.smartlink.id,
        `the second view confirmed (${choice})`,
        (e) => isHumanView(e) && e.event_id !== firstView.event_id && e.client_confirmed_at !== null,
      );
      expect(secondView!.client_consent, choice).toBe(choice);
    }
  });

  it('with every tag host BLOCKED: the view is counted, the beacon says blocked, and a tap still reaches the service and is stored', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, tags: 'block' });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(page);
    const view = await confirmedView(link.smartlink.id);
    expect(JSON.parse(view.client_tags!)).toEqual(ALL_BLOCKED);
    expect(visitor.tags.requests.map((r) => r.tag).sort()).toEqual(['ga4', 'gtm', 'meta', 'tiktok']);

    await clickService(page, 'spotify');
    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    expect(click).toMatchObject({ service: 'spotify', session_id: view.session_id, excluded_reason: null });
    const [clickConfirmation] = await waitForEvents(e2e.server, link.smartlink.id, 'the click’s client row', confirms(click!.event_id));
    expect(JSON.parse(clickConfirmation!.client_tags!)).toEqual(ALL_BLOCKED);
  });

  it('with every tag host HANGING: a tap reaches the service page within 1 s, and the stored click has the dataLayer’s click id', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, tags: 'hang' });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(page);
    await waitFor('the tag requests to be pending', async () => visitor.tags.requests.length === 4);

    const started = Date.now();
    await page.click('a[data-service="spotify"]');
    await page.waitForURL('https://open.spotify.com/track/x', { waitUntil: 'domcontentloaded', timeout: 5_000 });
    const elapsed = Date.now() - started;
    expect(await page.textContent('#service-ok')).toBe('SERVICE OK');
    expect(elapsed).toBeLessThan(1_000);

    const pushed = visitor.tags.dataLayerLog.map((l) => l.entry).find((e) => e.kind === 'push' && e.value.event === 'smartlink_click');
    expect(pushed?.kind).toBe('push');
    const clickPush = (pushed as { value: Record<string, unknown> }).value;
    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    expect(click!.event_id).toBe(clickPush.event_id);
    expect(clickPush).toMatchObject({ smartlink_id: link.smartlink.id, service: 'spotify', session_id: click!.session_id });
  });

  it('with every tag host HANGING and the fan staying on the page: the view’s beacon still comes, within a few seconds', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, tags: 'hang' });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(page);
    const [view] = await waitForEvents(
      e2e.server,
      link.smartlink.id,
      'the view confirmed while the tags hang',
      (e) => isHumanView(e) && e.client_confirmed_at !== null,
      1,
      6_000,
    );
    expect(JSON.parse(view!.client_tags!)).toEqual(ALL_BLOCKED);
    expect(view!.client_consent).toBe('not_required');
    expect(page.url()).toBe(`${e2e.origin}${link.path}`); // no pagehide involved
  });

  it('with every tag host HANGING: the view’s beacon (bounded, or on pagehide) and the click’s beacon are still stored', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, tags: 'hang' });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(page);
    await waitFor('the tag requests to be pending', async () => visitor.tags.requests.length === 4);
    await clickService(page, 'spotify');
    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the view confirmed', (e) => isHumanView(e) && e.client_confirmed_at !== null);
    expect(JSON.parse(view!.client_tags!)).toEqual(ALL_BLOCKED); // never loaded: reported as blocked
    const [clickConfirmation] = await waitForEvents(e2e.server, link.smartlink.id, 'the click’s client row', confirms(click!.event_id));
    expect(JSON.parse(clickConfirmation!.client_tags!)).toEqual(ALL_BLOCKED);
  });

  it('a tap with the tags served: smartlink_click, Meta SmartlinkClick and TikTok ClickButton share the click id the server stores, then the 302', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await waitForDecoratedLinks(page);
    const view = await confirmedView(link.smartlink.id);
    const href = await page.getAttribute('a[data-service="spotify"]', 'href');
    expect(new URL(href!, e2e.origin).pathname).toBe(`${link.path}/spotify`);

    let requested: { url: string; at: number } | undefined;
    let answered: number | undefined;
    page.on('request', (request) => {
      if (!requested && request.url().startsWith(`${e2e.origin}${link.path}/spotify`)) requested = { url: request.url(), at: Date.now() };
    });
    page.on('response', (response) => {
      if (answered === undefined && response.url().startsWith(`${e2e.origin}${link.path}/spotify`)) answered = response.status();
    });
    const started = Date.now();
    await clickService(page, 'spotify');
    expect(requested).toBeDefined();
    expect(requested!.at - started).toBeLessThan(1_000);
    const requestUrl = new URL(requested!.url);
    expect(requestUrl.pathname).toBe(`${link.path}/spotify`);
    expect(requestUrl.searchParams.get('v')).toBeTruthy();
    expect(answered).toBe(302);

    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    const clickId = click!.event_id;
    expect(clickId).not.toBe(view.event_id);
    expect(click!.session_id).toBe(view.session_id);

    // what the page told the tags before it left (mirrored out of the page as it happened)
    const clickPush = visitor.tags.dataLayerLog.map((l) => l.entry).find((e) => e.kind === 'push' && e.value.event === 'smartlink_click');
    expect(clickPush && clickPush.kind === 'push' ? clickPush.value : undefined).toMatchObject({
      event: 'smartlink_click',
      smartlink_id: link.smartlink.id,
      service: 'spotify',
      event_id: clickId,
      session_id: view.session_id,
    });
    const fbq = visitor.tags.pixelLog.filter((l) => l.pixel === 'fbq').map((l) => l.call);
    const ttq = visitor.tags.pixelLog.filter((l) => l.pixel === 'ttq').map((l) => l.call);
    const trackCustom = fbq.find((c) => c[0] === 'trackCustom' && c[1] === 'SmartlinkClick');
    expect(trackCustom?.[2]).toMatchObject({ smartlink_id: link.smartlink.id, service: 'spotify' });
    expect(trackCustom?.[3]).toEqual({ eventID: clickId });
    const clickButton = ttq.find((c) => c[0] === 'track' && c[1] === 'ClickButton');
    expect(clickButton?.[3]).toEqual({ event_id: clickId });

    // once per click: the click's beacon, confirmed on the click row
    const [confirmation] = await waitForEvents(e2e.server, link.smartlink.id, 'the click’s client row', confirms(clickId));
    expect(JSON.parse(confirmation!.client_tags!)).toEqual(ALL_LOADED);
    await waitForEvents(e2e.server, link.smartlink.id, 'the click confirmed', (e) => isClick(e) && e.client_confirmed_at !== null);
    await settle();
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toHaveLength(2); // the view's and the click's
  });

  it('with JavaScript disabled: the page renders, no banner, a tap reaches the service, the server stored the view and the click', async () => {
    const link = await e2e.link();
    const visitor: Visitor = await e2e.visitor({ ip: VISITOR_IPS.GB, javaScriptEnabled: false });
    const { page, response } = await e2e.visit(visitor, link.path);
    expect(response.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Midnight Drive');
    expect(await page.locator('#dt-consent').isVisible()).toBe(false);
    // the plain link carries the view's token: the click is credited to this view
    expect(await page.getAttribute('a[data-service="spotify"]', 'href')).toMatch(new RegExp(`^${link.path}/spotify\\?v=[0-9a-f-]{36}\\.[\\w-]{22}$`));
    await clickService(page, 'spotify');
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the view', isHumanView);
    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    expect(click).toMatchObject({ service: 'spotify', excluded_reason: null, conversion_path: '["view","spotify"]', session_id: view!.session_id });
    await settle();
    const events = await eventsOf(e2e.server, link.smartlink.id);
    expect(events.filter((e) => e.type === 'client')).toEqual([]);
    expect(visitor.tags.requests).toEqual([]);
    expect(beaconsFor(e2e.server, link.smartlink.slug)).toEqual([]);
  });

  it('with JavaScript disabled, an EEA visitor’s browser contacts no tag host at all (GTM’s noscript iframe included)', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.FR, javaScriptEnabled: false });
    const { page } = await e2e.visit(visitor, link.path);
    await page.waitForLoadState('load');
    const tagHostRequests = [...visitor.tags.requests.map((r) => r.url), ...visitor.tags.others].filter((u) =>
      /googletagmanager\.com|google-analytics\.com|facebook\.(net|com)|tiktok\.com/.test(new URL(u).hostname),
    );
    expect(tagHostRequests, JSON.stringify(tagHostRequests)).toEqual([]);
  });
});

// Engine 2 in a real browser: what the page tells GTM, GA4, Meta and TikTok, in what order, with
// which ids; what its CSP allows; per-smartlink overrides; tenant text that must stay text.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/tenants/client.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { VISITOR_IPS } from './support/browser.js';
import { cspDirective, TAG_HOSTS, useE2E, waitForDecoratedLinks, waitForStubs } from './support/harness.js';
import { TAG_IDS, uniqueSlug, waitForEvents, isHumanView } from './support/server.js';
import { gtagCalls, indexOfEntry, isGtag, isPush, pushedEvent, readTagState, TAG_NAMES, type DataLayerEntry } from './support/tag-stubs.js';

const DENIED = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };

describe('Engine 2 tags in Chromium', () => {
  const e2e = useE2E();

  /** Opens a fresh tagged smartlink as a visitor from `ip`, once all four stub libraries ran. */
  async function openTaggedPage(ip: string) {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip });
    const visit = await e2e.visit(visitor, link.path);
    await waitForStubs(visit.page, TAG_NAMES);
    const state = await readTagState(visit.page);
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the server view', isHumanView);
    return { link, visitor, visit, state, view: view! };
  }

  it('EEA visitor: consent default is the first dataLayer entry, then GTM start, GA4 js/config, smartlink_view with the stored view’s ids', async () => {
    const { link, state, view } = await openTaggedPage(VISITOR_IPS.GB);
    const dl = state.dataLayer!;
    expect(dl).not.toBeNull();

    expect(dl[0]).toEqual({ kind: 'gtag', args: ['consent', 'default', { ...DENIED, wait_for_update: 500 }] });
    expect(dl.filter(isGtag('consent', 'default'))).toHaveLength(1);

    const gtmStart = indexOfEntry(dl, (e) => e.kind === 'push' && e.value.event === 'gtm.js' && typeof e.value['gtm.start'] === 'number');
    const js = indexOfEntry(dl, (e) => e.kind === 'gtag' && e.args[0] === 'js' && typeof (e.args[1] as { $date?: unknown })?.$date === 'number');
    const config = indexOfEntry(dl, isGtag('config', TAG_IDS.ga4));
    const viewPush = indexOfEntry(dl, isPush('smartlink_view'));
    const viewEvent = indexOfEntry(dl, isGtag('event', 'smartlink_view'));
    expect({ gtmStart, js, config, viewPush, viewEvent }).toEqual({
      gtmStart: expect.any(Number),
      js: expect.any(Number),
      config: expect.any(Number),
      viewPush: expect.any(Number),
      viewEvent: expect.any(Number),
    });
    for (const i of [gtmStart, js, config, viewPush, viewEvent]) expect(i).toBeGreaterThan(0); // after the consent default
    expect(js).toBeLessThan(config);
    expect(gtmStart).toBeLessThan(viewPush);
    expect(config).toBeLessThan(viewPush);

    // no session_id for the tags before consent: it is a pseudonymous id of the visitor's day
    const fields = {
      smartlink_id: link.smartlink.id,
      artist_name: 'Nova Lune',
      track_title: 'Midnight Drive',
      event_id: view.event_id,
    };
    expect(pushedEvent(dl, 'smartlink_view')).toEqual({ event: 'smartlink_view', ...fields });
    expect(view.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect((dl[viewEvent] as Extract<DataLayerEntry, { kind: 'gtag' }>).args[2]).toEqual(fields);
  });

  it('EEA visitor: Meta gets consent revoke before init, then PageView and ViewContent with the view’s event id', async () => {
    const { link, state, view } = await openTaggedPage(VISITOR_IPS.FR);
    const fbq = state.stub.fbq;
    const revoke = fbq.findIndex((c) => c[0] === 'consent' && c[1] === 'revoke');
    const init = fbq.findIndex((c) => c[0] === 'init');
    expect(revoke).toBeGreaterThanOrEqual(0);
    expect(init).toBeGreaterThan(revoke);
    expect(fbq[init]?.[1]).toBe(TAG_IDS.facebook);
    expect(fbq.some((c) => c[0] === 'consent' && c[1] === 'grant')).toBe(false);
    const after = fbq.slice(init + 1);
    expect(after).toContainEqual(['track', 'PageView', {}, { eventID: view.event_id }]);
    expect(after).toContainEqual([
      'track',
      'ViewContent',
      { content_name: 'Midnight Drive', content_category: 'Music', content_ids: [link.smartlink.id], content_type: 'product' },
      { eventID: view.event_id },
    ]);
  });

  it('EEA visitor: TikTok holds consent before load, then page and ViewContent with the view’s event id', async () => {
    const { link, visitor, state, view } = await openTaggedPage(VISITOR_IPS.GB);
    expect(state.stub.ttqLoads).toHaveLength(1);
    expect(state.stub.ttqLoads[0]).toEqual({ id: TAG_IDS.tiktok, queuedBefore: expect.arrayContaining(['holdConsent']) });
    const ttq = state.stub.ttq;
    const hold = ttq.findIndex((c) => c[0] === 'holdConsent');
    const page = ttq.findIndex((c) => c[0] === 'page');
    expect(hold).toBeGreaterThanOrEqual(0);
    expect(page).toBeGreaterThan(hold);
    expect(ttq.some((c) => c[0] === 'grantConsent')).toBe(false);
    expect(ttq).toContainEqual([
      'track',
      'ViewContent',
      { contents: [{ content_id: link.smartlink.id, content_name: 'Midnight Drive', content_type: 'product' }], content_type: 'product' },
      { event_id: view.event_id },
    ]);
    expect(visitor.tags.requests.find((r) => r.tag === 'tiktok')?.url).toBe(
      `https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=${TAG_IDS.tiktok}&lib=ttq`,
    );
  });

  it('US visitor: no consent entries anywhere, the tags run as configured', async () => {
    const { state, view } = await openTaggedPage(VISITOR_IPS.US);
    const dl = state.dataLayer!;
    expect(gtagCalls(dl).filter((c) => c[0] === 'consent')).toEqual([]);
    expect(pushedEvent(dl, 'smartlink_view')?.event_id).toBe(view.event_id);
    expect(state.stub.fbq.filter((c) => c[0] === 'consent')).toEqual([]);
    expect(state.stub.fbq[0]).toEqual(['init', TAG_IDS.facebook]);
    expect(state.stub.ttq.filter((c) => /consent/i.test(String(c[0])))).toEqual([]);
    expect(state.stub.ttqLoads[0]?.queuedBefore).toEqual([]);
  });

  it('loads each configured tag from its host with its id, and the CSP allows exactly those hosts and the nonce', async () => {
    const { visitor, visit } = await openTaggedPage(VISITOR_IPS.US);
    expect(visitor.tags.requests.map((r) => r.url).sort()).toEqual(
      [
        `https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=${TAG_IDS.tiktok}&lib=ttq`,
        'https://connect.facebook.net/en_US/fbevents.js',
        `https://www.googletagmanager.com/gtag/js?id=${TAG_IDS.ga4}`,
        `https://www.googletagmanager.com/gtm.js?id=${TAG_IDS.gtm}`,
      ].sort(),
    );
    const scriptSrc = cspDirective(visit.headers['content-security-policy'], 'script-src');
    const nonces = scriptSrc.filter((t) => t.startsWith("'nonce-"));
    expect(nonces).toHaveLength(1);
    const nonce = nonces[0]!.slice("'nonce-".length, -1);
    const executable = [...visit.html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!).filter((attrs) => !/type="application\/json"/.test(attrs));
    expect(executable.length).toBeGreaterThan(0);
    for (const attrs of executable) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(scriptSrc.filter((t) => !t.startsWith("'nonce-")).sort()).toEqual([TAG_HOSTS.meta, TAG_HOSTS.tiktok, TAG_HOSTS.gtm].sort());
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    for (const id of Object.values(TAG_IDS)) expect(visit.html).toContain(id); // configured: in the first HTML
  });

  it('a smartlink with tracking { disabled: true }: no tag script, no tag host in the CSP, the view still counted', async () => {
    const link = await e2e.link({ smartlink: { tracking: { disabled: true } } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.GB });
    const { page, html, headers } = await e2e.visit(visitor, link.path);
    await page.waitForLoadState('load');
    await waitForEvents(e2e.server, link.smartlink.id, 'the server view', isHumanView);
    expect(visitor.tags.requests).toEqual([]);
    const csp = headers['content-security-policy'];
    for (const host of Object.values(TAG_HOSTS)) expect(csp).not.toContain(host);
    for (const id of Object.values(TAG_IDS)) expect(html).not.toContain(id);
    expect(await page.evaluate(() => typeof (window as unknown as { fbq?: unknown }).fbq)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { ttq?: unknown }).ttq)).toBe('undefined');
    const dl = (await readTagState(page)).dataLayer ?? [];
    expect(dl.filter((e) => e.kind === 'gtag' && (e.args[0] === 'consent' || e.args[0] === 'config'))).toEqual([]);
    expect(await page.locator('#dt-consent').isVisible()).toBe(false);
  });

  it('a smartlink with tracking { facebook: null } drops only Meta; a string override replaces the client’s id', async () => {
    const link = await e2e.link({ smartlink: { tracking: { facebook: null, gtm: 'GTM-OVR9999' } } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page, html, headers } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['gtm', 'ga4', 'tiktok']);
    await page.waitForLoadState('load');
    expect(visitor.tags.requests.map((r) => r.tag).sort()).toEqual(['ga4', 'gtm', 'tiktok']);
    expect(visitor.tags.requests.find((r) => r.tag === 'gtm')?.url).toBe('https://www.googletagmanager.com/gtm.js?id=GTM-OVR9999');
    expect(html).not.toContain(TAG_IDS.facebook);
    expect(html).not.toContain(TAG_IDS.gtm);
    const scriptSrc = cspDirective(headers['content-security-policy'], 'script-src');
    expect(scriptSrc).not.toContain(TAG_HOSTS.meta);
    expect(scriptSrc).toContain(TAG_HOSTS.gtm);
    expect(scriptSrc).toContain(TAG_HOSTS.tiktok);
    expect(await page.evaluate(() => typeof (window as unknown as { fbq?: unknown }).fbq)).toBe('undefined');
  });

  it('a tag id can never become script: ids that are not in the platform’s format are refused on save', async () => {
    const db = e2e.server.t.ctx.database.db;
    const payload = `');window.__pwned=1;//</script><script>window.__pwned=1</script>`;
    for (const tracking of [
      { gtm: `GTM-ABC1234${payload}` },
      { ga4: `G-ABCDE12345"${payload}` },
      { facebook: `123456789012345${payload}` },
      { tiktok: `CABCDEFGHIJ1234567890${payload}` },
      { gtm: 'gtm-abc1234' },
      { ga4: 'UA-12345-1' },
      { facebook: '12 34' },
      { tiktok: 'cabcdefghij' },
    ]) {
      await expect(createClient(db, { name: 'Bad tags', tracking }), JSON.stringify(tracking)).rejects.toThrow();
    }
    const client = await createClient(db, { name: 'Good tags', tracking: { ...TAG_IDS } });
    await expect(
      createSmartlink(db, {
        clientId: client.id,
        slug: uniqueSlug('bad-override'),
        artistName: 'A',
        trackTitle: 'B',
        status: 'live',
        services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }],
        tracking: { facebook: `1234567${payload}` },
      }),
    ).rejects.toThrow();
  });

  it('tenant text with </script>, <!--<script> and U+2028 stays text: no extra script runs, the tags get it verbatim', async () => {
    const artistName = `Nova</script><script>window.__pwned=1</script> Lune`;
    const trackTitle = `Midnight <!--<script> Drive \u2028 "quoted" </script><script nonce="x">window.__pwned=2</script>`;
    const link = await e2e.link({ client: { name: `Label </script><script>window.__pwned=3</script>` }, smartlink: { artistName, trackTitle } });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const errors: string[] = [];
    visitor.context.on('weberror', (err) => errors.push(err.error().message));
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await waitForDecoratedLinks(page); // the page script ran to the end
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.textContent('h1')).toBe(trackTitle);
    expect(await page.textContent('body')).toContain(artistName);
    const state = await readTagState(page);
    const viewPush = pushedEvent(state.dataLayer!, 'smartlink_view');
    expect(viewPush?.artist_name).toBe(artistName);
    expect(viewPush?.track_title).toBe(trackTitle);
    expect(state.stub.fbq.find((c) => c[1] === 'ViewContent')?.[2]).toMatchObject({ content_name: trackTitle });
    expect(errors).toEqual([]);
  });
});

// The test doubles themselves: the stub libraries must see the pixels' queues the way the real
// fbevents.js and events.js do, or every Engine 2 assertion built on them means nothing.
// A fixed page with the vendors' standard base code, on an origin routed by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openVisitor, type E2EBrowser, type Visitor } from './support/browser.js';
import { readTagState, type TagMode } from './support/tag-stubs.js';

const ORIGIN = 'http://page.test';

// The vendors' published snippets (GTM, gtag.js, Meta Pixel, TikTok Pixel), with consent calls.
const BASE_CODE_PAGE = `<!doctype html><title>base code</title><a id="svc" href="https://open.spotify.com/track/x">go</a>
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('consent', 'default', { ad_storage: 'denied' });
(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-ABC1234');
var g=document.createElement('script');g.async=true;g.src='https://www.googletagmanager.com/gtag/js?id=G-ABCDE12345';document.head.appendChild(g);
gtag('js', new Date()); gtag('config', 'G-ABCDE12345');
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('consent', 'revoke'); fbq('init', '123456789012345'); fbq('track', 'PageView', {}, { eventID: 'v1' });
!function (w, d, t) {w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.methods=["page","track","identify","instances","debug","on","off","once","ready","alias","group","enableCookie","disableCookie","holdConsent","revokeConsent","grantConsent"],ttq.setAndDefer=function(t,e){t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}};for(var i=0;i<ttq.methods.length;i++)ttq.setAndDefer(ttq,ttq.methods[i]);ttq.load=function(e,n){var r="https://analytics.tiktok.com/i18n/pixel/events.js";ttq._i=ttq._i||{},ttq._i[e]=[],ttq._i[e]._u=r,ttq._t=ttq._t||{},ttq._t[e]=+new Date,ttq._o=ttq._o||{},ttq._o[e]=n||{};n=document.createElement("script");n.type="text/javascript",n.async=!0,n.src=r+"?sdkid="+e+"&lib="+t;e=document.getElementsByTagName("script")[0];e.parentNode.insertBefore(n,e)};
ttq.holdConsent(); ttq.load('CABCDEFGHIJ1234567890'); ttq.page();}(window, document, 'ttq');
window.dataLayer.push({ event: 'smartlink_view', event_id: 'v1' });
</script>`;

describe('browser test doubles for the tag hosts', () => {
  let browser: E2EBrowser;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await browser.close();
  });

  async function openBaseCodePage(tags: TagMode) {
    const visitor = await openVisitor(browser, { origin: ORIGIN, tags });
    visitors.push(visitor);
    const page = await visitor.newPage();
    await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: BASE_CODE_PAGE }));
    await page.goto(`${ORIGIN}/`, { waitUntil: 'domcontentloaded' });
    return { visitor, page };
  }

  it('served libraries record the queued pixel calls in order, then later calls, and the ttq.load position', async () => {
    const { visitor, page } = await openBaseCodePage('serve');
    await page.waitForFunction(() => {
      const s = (window as unknown as { __stub: Record<string, unknown> }).__stub;
      return s.gtmLoaded && s.gtagLoaded && s.fbqLoaded && s.ttqLoaded;
    });
    await page.evaluate(() => {
      const w = window as unknown as { fbq: (...a: unknown[]) => void; ttq: { track: (...a: unknown[]) => void } };
      w.fbq('trackCustom', 'Later', { a: 1 });
      w.ttq.track('Later', { b: 2 });
    });
    const state = await readTagState(page);
    expect(state.stub.fbq).toEqual([
      ['consent', 'revoke'],
      ['init', '123456789012345'],
      ['track', 'PageView', {}, { eventID: 'v1' }],
      ['trackCustom', 'Later', { a: 1 }],
    ]);
    expect(state.stub.ttq).toEqual([['holdConsent'], ['page'], ['track', 'Later', { b: 2 }]]);
    expect(state.stub.ttqLoads).toEqual([{ id: 'CABCDEFGHIJ1234567890', queuedBefore: ['holdConsent'] }]);
    expect(state.dataLayer?.[0]).toEqual({ kind: 'gtag', args: ['consent', 'default', { ad_storage: 'denied' }] });
    expect(state.dataLayer?.some((e) => e.kind === 'gtag' && e.args[0] === 'js' && typeof (e.args[1] as { $date?: number }).$date === 'number')).toBe(true);
    expect(visitor.tags.requests.map((r) => [r.tag, r.url])).toEqual(
      expect.arrayContaining([
        ['gtm', 'https://www.googletagmanager.com/gtm.js?id=GTM-ABC1234'],
        ['ga4', 'https://www.googletagmanager.com/gtag/js?id=G-ABCDE12345'],
        ['meta', 'https://connect.facebook.net/en_US/fbevents.js'],
        ['tiktok', 'https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=CABCDEFGHIJ1234567890&lib=ttq'],
      ]),
    );
    // the mirror saw the same pushes as the page's dataLayer
    expect(visitor.tags.dataLayerLog.map((l) => l.entry)).toEqual(state.dataLayer);
  });

  it('blocked libraries fail (onerror) and leave the calls queued', async () => {
    const { page } = await openBaseCodePage('block');
    await page.waitForLoadState('load'); // a failed async script no longer delays load
    const state = await readTagState(page);
    expect(state.stub.fbqLoaded).toBeUndefined();
    expect(state.fbqQueue?.map((c) => c[0])).toEqual(['consent', 'init', 'track']);
    expect(state.ttqQueue).toEqual([['holdConsent'], ['page']]);
  });

  it('hanging libraries never answer (the load event waits), and a service link reaches the local service server', async () => {
    const { page } = await openBaseCodePage('hang');
    const loaded = await page.waitForLoadState('load', { timeout: 500 }).then(
      () => true,
      () => false,
    );
    expect(loaded).toBe(false);
    await page.click('#svc');
    await page.waitForURL('https://open.spotify.com/track/x', { waitUntil: 'domcontentloaded' });
    await expect(page.textContent('#service-ok')).resolves.toBe('SERVICE OK');
  });
});

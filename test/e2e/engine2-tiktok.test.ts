// The TikTok Pixel in Chromium, against TikTok's own documentation:
// - the base code as TikTok publishes it (https://ads.tiktok.com/marketing_api/docs?id=1739583652957185:
//   window.TiktokAnalyticsObject, ttq.methods, ttq.setAndDefer, ttq.instance, ttq.load setting
//   ttq._i[id] with _u, ttq._t, ttq._o, then events.js?sdkid=…&lib=ttq), so that events.js finds
//   its queue (the stub library reads it the way the real one does, and records nothing otherwise);
// - the same `contents` on the pixel's ViewContent / ClickButton as on the Events API's
//   properties.contents (Events API 2.0, https://business-api.tiktok.com/portal/docs?id=1771100965992450), for one
//   view and one click.
import { describe, expect, it } from 'vitest';
import { payloadFor } from '../../src/forwarding/payload.js';
import { tiktokEvent } from '../../src/forwarding/tiktok.js';
import type { ForwardContext } from '../../src/forwarding/capture.js';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E, waitForDecoratedLinks, waitForStubs } from './support/harness.js';
import { isClick, isHumanView, TAG_IDS, waitForEvents, type StoredEvent } from './support/server.js';
import { readTagState } from './support/tag-stubs.js';

describe('TikTok Pixel in Chromium', () => {
  const e2e = useE2E();

  /** The properties the Events API gets for a stored view or click (forwarding/tiktok.ts). */
  function serverProperties(event: StoredEvent, ctx: ForwardContext): unknown {
    return (tiktokEvent(payloadFor('tiktok', event as unknown as TrackedEvent, ctx), null, false) as { properties: unknown }).properties;
  }

  it('runs the published base code: events.js finds its queue through TiktokAnalyticsObject and _i[sdkid]._u, and receives the queued calls in order', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.GB }); // a consent region: holdConsent before load
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['tiktok']);
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the server view', isHumanView);
    const state = await readTagState(page);
    expect(state.stub.ttqMissing).toBeUndefined();
    const pixel = await page.evaluate((id) => {
      const w = window as unknown as Record<string, any>;
      const q = w[w.TiktokAnalyticsObject];
      return { name: w.TiktokAnalyticsObject, u: q._i[id]._u, t: typeof q._t[id], o: q._o[id], instance: typeof q.instance, setAndDefer: typeof q.setAndDefer, methods: q.methods };
    }, TAG_IDS.tiktok);
    expect(pixel).toEqual({
      name: 'ttq',
      u: 'https://analytics.tiktok.com/i18n/pixel/events.js',
      t: 'number',
      o: {},
      instance: 'function',
      setAndDefer: 'function',
      methods: ['page', 'track', 'identify', 'instances', 'debug', 'on', 'off', 'once', 'ready', 'alias', 'group', 'enableCookie', 'disableCookie', 'holdConsent', 'revokeConsent', 'grantConsent'],
    });
    expect(state.stub.ttqLoads).toEqual([{ id: TAG_IDS.tiktok, queuedBefore: ['holdConsent'] }]);
    expect(state.stub.ttq.map((c) => c[0])).toEqual(['holdConsent', 'page', 'track']);
    expect(state.stub.ttq[2]).toEqual(['track', 'ViewContent', expect.any(Object), { event_id: view!.event_id }]);
    expect(state.ttqQueue).toEqual([]); // drained: nothing left waiting
  });

  it('sends the same contents as the Events API, for the view’s ViewContent and the tap’s ClickButton', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, ['tiktok']);
    await waitForDecoratedLinks(page);
    await page.click('a[data-service="spotify"]');
    await page.waitForURL(/^https:\/\/open\.spotify\.com\//, { waitUntil: 'domcontentloaded', timeout: 5_000 });
    const [view] = await waitForEvents(e2e.server, link.smartlink.id, 'the view', isHumanView);
    const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);

    const ttq = visitor.tags.pixelLog.filter((l) => l.pixel === 'ttq').map((l) => l.call);
    const browserView = ttq.find((c) => c[0] === 'track' && c[1] === 'ViewContent');
    const browserClick = ttq.find((c) => c[0] === 'track' && c[1] === 'ClickButton');
    expect(browserView?.[3]).toEqual({ event_id: view!.event_id });
    expect(browserClick?.[3]).toEqual({ event_id: click!.event_id });

    const ctx: ForwardContext = {
      ids: { tiktok: TAG_IDS.tiktok }, url: `${e2e.origin}${link.path}`, artistName: link.smartlink.artistName, trackTitle: link.smartlink.trackTitle,
      consentRegion: false, storedChoice: null, fbp: null, fbc: null, fbclid: null, ttp: null, ttclid: null, gaClientId: null,
    };
    const contents = [{ content_id: link.smartlink.id, content_name: 'Midnight Drive', content_type: 'product' }];
    expect(browserView?.[2]).toEqual({ contents, content_type: 'product' });
    expect(browserView?.[2]).toEqual(serverProperties(view!, ctx));
    expect(browserClick?.[2]).toEqual({ contents, content_type: 'product', description: 'spotify' });
    expect(browserClick?.[2]).toEqual(serverProperties(click!, ctx));
  });
});

// One delivery's payload: what a platform needs to rebuild the event the browser sent, decided
// when the event is stored. No raw IP (ip-memory.ts), no query string.
import type { ConsentChoice } from '../landing/consent.js';
import type { TrackedEvent } from '../tracking/event.js';
import { ga4Ids, type ForwardContext } from './capture.js';
import type { Platform } from './settings.js';

export interface ForwardPayload {
  readonly eventId: string;
  readonly type: 'view' | 'click';
  readonly service: string | null;
  readonly ts: number;
  readonly smartlinkId: string;
  /** GA4 measurement id, Meta pixel id or TikTok pixel code: the one on the page. */
  readonly pixelId: string;
  readonly url: string;
  readonly referrer: string | null;
  readonly userAgent: string;
  readonly ipTruncated: string | null;
  readonly consentRegion: boolean;
  readonly storedChoice: ConsentChoice | null;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly sessionId: string | null;
  // Meta
  readonly fbp?: string | null;
  readonly fbc?: string | null;
  readonly fbclid?: string | null;
  // TikTok
  readonly ttp?: string | null;
  readonly ttclid?: string | null;
  // GA4
  readonly gaClientId?: string;
  readonly gaSessionId?: string;
}

export function payloadFor(platform: Platform, event: TrackedEvent, ctx: ForwardContext): ForwardPayload {
  const common = {
    eventId: event.event_id,
    type: event.type as 'view' | 'click',
    service: event.service,
    ts: event.ts,
    smartlinkId: event.smartlink_id,
    pixelId: ctx.ids[platform] as string,
    url: ctx.url,
    referrer: event.referrer,
    userAgent: event.user_agent,
    ipTruncated: event.ip_truncated,
    consentRegion: ctx.consentRegion,
    storedChoice: ctx.storedChoice,
    artistName: ctx.artistName,
    trackTitle: ctx.trackTitle,
    sessionId: event.session_id,
  };
  switch (platform) {
    case 'meta':
      return { ...common, fbp: ctx.fbp, fbc: ctx.fbc, fbclid: ctx.fbclid };
    case 'tiktok':
      return { ...common, ttp: ctx.ttp, ttclid: ctx.ttclid };
    case 'ga4': {
      const ids = ga4Ids(event, ctx.gaClientId);
      return { ...common, gaClientId: ids.clientId, gaSessionId: ids.sessionId };
    }
  }
}

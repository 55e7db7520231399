// One delivery's payload: what a platform needs to rebuild the event the browser sent, decided
// when the event is stored. No IP at all (the full one stays in ip-memory.ts; a truncated one is a
// false address to a platform), no query string.
import type { ConsentChoice } from '../landing/consent.js';
import type { TrackedEvent } from '../tracking/event.js';
import { externalId, ga4Ids, type ForwardContext } from './capture.js';
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
  /** Engine 1's location: ISO country, region and city names (null when unknown). */
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly consentRegion: boolean;
  readonly storedChoice: ConsentChoice | null;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly sessionId: string | null;
  /** Meta and TikTok: SHA-256 of Engine 1's daily visitor id (null: none). */
  readonly externalId?: string | null;
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
  readonly device?: { readonly category: string; readonly os: string | null; readonly browser: string | null };
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
    country: event.country,
    region: event.region,
    city: event.city,
    consentRegion: ctx.consentRegion,
    storedChoice: ctx.storedChoice,
    artistName: ctx.artistName,
    trackTitle: ctx.trackTitle,
    sessionId: event.session_id,
  };
  switch (platform) {
    case 'meta':
      return { ...common, externalId: externalId(event.visitor_id), fbp: ctx.fbp, fbc: ctx.fbc, fbclid: ctx.fbclid };
    case 'tiktok':
      return { ...common, externalId: externalId(event.visitor_id), ttp: ctx.ttp, ttclid: ctx.ttclid };
    case 'ga4': {
      const ids = ga4Ids(event, ctx.gaClientId);
      const device = { category: event.device_type, os: event.os, browser: event.browser };
      return { ...common, gaClientId: ids.clientId, gaSessionId: ids.sessionId, device };
    }
  }
}

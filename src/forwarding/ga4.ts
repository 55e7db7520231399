// GA4 Measurement Protocol, only for events the browser did not deliver (GA4 cannot deduplicate):
// smartlink_view and smartlink_click, the names gtag.js sends, with the page's parameters, and what
// gtag.js would have let GA4 see: Engine 1's location (user_location) and device, the referrer and
// the page title. POST {GA4_MP_URL or GA4_MP_EU_URL}/mp/collect?measurement_id=…&api_secret=…
// (validation mode: /debug/mp/collect, whose validationMessages dead-letter the event). One request
// per event: a request carries one client_id and one timestamp.
// https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference
import type { Outcome } from '../delivery/queue.js';
import { retryable, type SendContext } from './http.js';
import type { ForwardPayload } from './payload.js';
import { regionCode } from './us-states.js';

/** GA4 accepts events up to 72 hours old. */
export const GA4_MAX_AGE_MS = 72 * 3_600_000;

export function ga4Body(p: ForwardPayload, ip: string | null): object {
  const params: Record<string, string | number> = {
    session_id: p.gaSessionId ?? '',
    engagement_time_msec: 100,
    event_id: p.eventId,
    smartlink_id: p.smartlinkId,
    artist_name: p.artistName,
    track_title: p.trackTitle,
    page_location: p.url,
    // the page's <title> (landing/page.ts), as gtag.js would have read it
    page_title: `${p.artistName} – ${p.trackTitle}`,
  };
  if (p.referrer) params.page_referrer = p.referrer;
  if (p.service) params.service = p.service;
  return {
    client_id: p.gaClientId,
    timestamp_micros: p.ts * 1000,
    // sent in a consent region only after the fan's "Accept", which grants every purpose
    ...(p.consentRegion ? { consent: { ad_user_data: 'GRANTED', ad_personalization: 'GRANTED' } } : {}),
    ...present('user_location', { country_id: p.country, region_id: regionCode(p.country, p.region), city: p.city }),
    ...present('device', p.device ? { category: p.device.category === 'other' ? null : p.device.category, operating_system: p.device.os, browser: p.device.browser } : {}),
    // the full address or none, as for Meta and TikTok (user_location, when set, is what GA4 reports)
    ...(ip ? { ip_override: ip } : {}),
    events: [{ name: p.type === 'view' ? 'smartlink_view' : 'smartlink_click', params }],
  };
}

/** `{ [key]: the fields that are set }`, or nothing when none is. */
function present(key: string, fields: Record<string, string | null>): Record<string, Record<string, string>> {
  const set = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== null));
  return Object.keys(set).length > 0 ? { [key]: set } : {};
}

export async function sendToGa4(base: string, creds: { apiSecret: string; validate: boolean }, p: ForwardPayload, { post, ipOf }: Pick<SendContext, 'post' | 'ipOf'>): Promise<Outcome> {
  const path = creds.validate ? '/debug/mp/collect' : '/mp/collect';
  const url = `${base}${path}?measurement_id=${encodeURIComponent(p.pixelId)}&api_secret=${encodeURIComponent(creds.apiSecret)}`;
  const answer = await post(url, ga4Body(p, ipOf(p.eventId)));
  if (answer.status >= 200 && answer.status < 300) {
    const messages = (answer.body as { validationMessages?: { description?: string; fieldPath?: string }[] } | null)?.validationMessages ?? [];
    if (messages.length === 0) return { kind: 'sent' };
    return { kind: 'dead', error: `GA4 validation: ${messages.map((m) => `${m.fieldPath ?? ''} ${m.description ?? ''}`.trim()).join('; ')}`.slice(0, 500) };
  }
  const message = `GA4 HTTP ${answer.status}: ${JSON.stringify(answer.body)}`.slice(0, 500);
  return retryable(answer.status) ? { kind: 'retry', error: message } : { kind: 'dead', error: message };
}

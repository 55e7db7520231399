// GA4 Measurement Protocol, only for events the browser did not deliver (GA4 cannot deduplicate):
// smartlink_view and smartlink_click, the names gtag.js sends, with the page's parameters.
// POST {GA4_MP_URL}/mp/collect?measurement_id=…&api_secret=… (validation mode: /debug/mp/collect,
// whose validationMessages dead-letter the event). One request per event: a request carries one
// client_id and one timestamp.
import type { Outcome } from '../delivery/queue.js';
import { retryable, type PostJson } from './http.js';
import type { ForwardPayload } from './payload.js';

/** GA4 accepts events up to 72 hours old. */
export const GA4_MAX_AGE_MS = 72 * 3_600_000;

export function ga4Body(p: ForwardPayload): object {
  const params: Record<string, string | number> = {
    session_id: p.gaSessionId ?? '',
    engagement_time_msec: 100,
    event_id: p.eventId,
    smartlink_id: p.smartlinkId,
    artist_name: p.artistName,
    track_title: p.trackTitle,
    page_location: p.url,
  };
  if (p.service) params.service = p.service;
  return {
    client_id: p.gaClientId,
    timestamp_micros: p.ts * 1000,
    // sent in a consent region only after the fan's "Accept", which grants every purpose
    ...(p.consentRegion ? { consent: { ad_user_data: 'GRANTED', ad_personalization: 'GRANTED' } } : {}),
    events: [{ name: p.type === 'view' ? 'smartlink_view' : 'smartlink_click', params }],
  };
}

export async function sendToGa4(base: string, creds: { apiSecret: string; validate: boolean }, p: ForwardPayload, post: PostJson): Promise<Outcome> {
  const path = creds.validate ? '/debug/mp/collect' : '/mp/collect';
  const url = `${base}${path}?measurement_id=${encodeURIComponent(p.pixelId)}&api_secret=${encodeURIComponent(creds.apiSecret)}`;
  const answer = await post(url, ga4Body(p));
  if (answer.status >= 200 && answer.status < 300) {
    const messages = (answer.body as { validationMessages?: { description?: string; fieldPath?: string }[] } | null)?.validationMessages ?? [];
    if (messages.length === 0) return { kind: 'sent' };
    return { kind: 'dead', error: `GA4 validation: ${messages.map((m) => `${m.fieldPath ?? ''} ${m.description ?? ''}`.trim()).join('; ')}`.slice(0, 500) };
  }
  const message = `GA4 HTTP ${answer.status}: ${JSON.stringify(answer.body)}`.slice(0, 500);
  return retryable(answer.status) ? { kind: 'retry', error: message } : { kind: 'dead', error: message };
}

// TikTok Events API 1.3: the pixel's events with its event ids (TikTok deduplicates by event_id and
// event): a view is ViewContent, a tap ClickButton, both with the same `contents` the page's pixel
// sends (tiktokContents, which the browser engine mirrors).
// POST {TIKTOK_EVENTS_URL}/open_api/v1.3/event/track/ with the Access-Token header.
import type { Outcome } from '../delivery/queue.js';
import { retryable, type SendContext } from './http.js';
import { limitedDataUse } from './limited-data-use.js';
import type { ForwardPayload } from './payload.js';

/** Events per request: TikTok's batch limit for event/track is 1,000. */
export const TIKTOK_MAX_EVENTS = 1000;
/** Events older than 7 days are not attributed: dead-lettered rather than sent. */
export const TIKTOK_MAX_AGE_MS = 7 * 86_400_000;

/** TikTok answers HTTP 200 with its own code: 0 is OK; these mean "later" (rate limit, internal error). */
const TRANSIENT_CODES = new Set([40100, 50000, 50002]);

/** The smartlink as TikTok's `contents` (one product: the release), on the pixel's events and the server's alike. */
export function tiktokContents(smartlinkId: string, trackTitle: string) {
  return [{ content_id: smartlinkId, content_name: trackTitle, content_type: 'product' }] as const;
}

export function tiktokEvent(p: ForwardPayload, ip: string | null, lduEnabled: boolean): object {
  const user: Record<string, string> = { user_agent: p.userAgent };
  if (ip) user.ip = ip; // the full address or none: never a truncated one
  if (p.externalId) user.external_id = p.externalId;
  if (p.ttp) user.ttp = p.ttp;
  if (p.ttclid) user.ttclid = p.ttclid;
  const properties = { contents: tiktokContents(p.smartlinkId, p.trackTitle), content_type: 'product' };
  return {
    event: p.type === 'view' ? 'ViewContent' : 'ClickButton',
    event_time: Math.floor(p.ts / 1000),
    event_id: p.eventId,
    user,
    page: p.referrer ? { url: p.url, referrer: p.referrer } : { url: p.url },
    properties: p.type === 'view' ? properties : { ...properties, description: p.service ?? '' },
    ...(limitedDataUse(lduEnabled, p.country, p.region) ? { limited_data_use: true } : {}),
  };
}

export async function sendToTikTok(
  base: string,
  pixelCode: string,
  creds: { accessToken: string; testEventCode: string | null },
  payloads: readonly ForwardPayload[],
  { post, ipOf, limitedDataUse: lduEnabled }: SendContext,
): Promise<Outcome> {
  const body = {
    event_source: 'web',
    event_source_id: pixelCode,
    ...(creds.testEventCode ? { test_event_code: creds.testEventCode } : {}),
    data: payloads.map((p) => tiktokEvent(p, ipOf(p.eventId), lduEnabled)),
  };
  const answer = await post(`${base}/open_api/v1.3/event/track/`, body, { 'Access-Token': creds.accessToken });
  const reply = answer.body as { code?: number; message?: string } | null;
  if (answer.status >= 200 && answer.status < 300 && reply?.code === 0) return { kind: 'sent' };
  const message = `TikTok HTTP ${answer.status}${reply?.code !== undefined ? ` code ${reply.code}` : ''}: ${reply?.message ?? JSON.stringify(answer.body)}`.slice(0, 500);
  return retryable(answer.status) || (reply?.code !== undefined && TRANSIENT_CODES.has(reply.code)) ? { kind: 'retry', error: message } : { kind: 'dead', error: message };
}

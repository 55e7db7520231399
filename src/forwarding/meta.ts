// Meta Conversions API: the pixel's own events, with its event names and event ids, so Meta keeps
// one of each pair (event_name + event_id). A view is PageView and ViewContent (the page fires both
// with the view's id); a tap is the custom event SmartlinkClick with the click's id.
// POST {META_GRAPH_URL}/{META_GRAPH_VERSION}/{pixel id}/events?access_token=…
import type { Outcome } from '../delivery/queue.js';
import { retryable, type SendContext } from './http.js';
import { limitedDataUse } from './limited-data-use.js';
import type { ForwardPayload } from './payload.js';

/** The Graph API version called. Meta supports each for about two years: bump it with its changelog. */
export const META_GRAPH_VERSION = 'v25.0';
/** Meta takes at most 1,000 events per request; a view is two. */
export const META_MAX_EVENTS = 1000;
/** Meta refuses the whole request if one event is older than 7 days: those are dead-lettered first. */
export const META_MAX_AGE_MS = 7 * 86_400_000;

/** Graph API error codes that mean "later" (throttling, temporary), though sent with HTTP 400. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

export function metaEvents(p: ForwardPayload, ip: string | null, lduEnabled: boolean): object[] {
  const user_data = {
    // the full address or none: a truncated one is a false address (and no retry after the memory is gone sends one)
    client_ip_address: ip ?? undefined,
    client_user_agent: p.userAgent,
    external_id: p.externalId ?? undefined,
    fbp: p.fbp ?? undefined,
    // Meta's format when the _fbc cookie is missing: fb.1.<ms of the click>.<fbclid>
    fbc: p.fbc ?? (p.fbclid ? `fb.1.${p.ts}.${p.fbclid}` : undefined),
  };
  const ldu = limitedDataUse(lduEnabled, p.country, p.region);
  const base = {
    event_time: Math.floor(p.ts / 1000),
    event_id: p.eventId,
    action_source: 'website',
    event_source_url: p.url,
    user_data,
    ...(ldu ? { data_processing_options: ['LDU'], data_processing_options_country: ldu.country, data_processing_options_state: ldu.state } : {}),
  };
  if (p.type === 'view') {
    return [
      { event_name: 'PageView', ...base },
      { event_name: 'ViewContent', ...base, custom_data: { content_name: p.trackTitle, content_category: 'Music', content_ids: [p.smartlinkId], content_type: 'product' } },
    ];
  }
  const custom_data: Record<string, string> = { smartlink_id: p.smartlinkId, artist_name: p.artistName, track_title: p.trackTitle };
  if (p.sessionId) custom_data.session_id = p.sessionId;
  custom_data.service = p.service ?? '';
  return [{ event_name: 'SmartlinkClick', ...base, custom_data }];
}

export async function sendToMeta(
  base: string,
  pixelId: string,
  creds: { accessToken: string; testEventCode: string | null },
  payloads: readonly ForwardPayload[],
  { post, ipOf, limitedDataUse: lduEnabled }: SendContext,
): Promise<Outcome> {
  const data = payloads.flatMap((p) => metaEvents(p, ipOf(p.eventId), lduEnabled));
  const body = creds.testEventCode ? { data, test_event_code: creds.testEventCode } : { data };
  const url = `${base}/${META_GRAPH_VERSION}/${encodeURIComponent(pixelId)}/events?access_token=${encodeURIComponent(creds.accessToken)}`;
  const answer = await post(url, body);
  const error = (answer.body as { error?: { message?: string; code?: number; error_user_msg?: string } } | null)?.error;
  if (answer.status >= 200 && answer.status < 300 && !error) return { kind: 'sent' };
  const message = `Meta HTTP ${answer.status}: ${error?.error_user_msg ?? error?.message ?? JSON.stringify(answer.body)}`.slice(0, 500);
  return retryable(answer.status) || (error?.code !== undefined && TRANSIENT_CODES.has(error.code)) ? { kind: 'retry', error: message } : { kind: 'dead', error: message };
}

// What forwarding needs from the request, taken when a view or a click is tracked: the tags the
// page carries (the ids the browser used, so the platforms deduplicate against the same pixel),
// the page URL, the consent region and stored choice, the platforms' first-party cookies and click
// ids. It travels with the event to the writer as a side-car (`forward`), so it is enqueued in the
// transaction that stores the event, or spooled with it while the database is away. It never holds
// the raw IP: that stays in process memory (ip-memory.ts).
import { createHash } from 'node:crypto';
import { inConsentRegion, storedChoice, type ConsentChoice } from '../landing/consent.js';
import { effectiveTags } from '../tenants/tags.js';
import type { TrackedEvent } from '../tracking/event.js';
import type { TrackTarget } from '../tracking/pipeline.js';
import type { RequestFacts } from '../tracking/request-facts.js';
import type { Platform } from './settings.js';

export interface ForwardContext {
  /** The pixel / measurement ids on this page (GA4 measurement id, Meta pixel id, TikTok pixel code). */
  readonly ids: Readonly<Partial<Record<Platform, string>>>;
  /** The page the event happened on, without its query string (it may carry personal data). */
  readonly url: string;
  readonly artistName: string;
  readonly trackTitle: string;
  /** GeoIP says the fan is in one of the client's consent regions (or nowhere known). */
  readonly consentRegion: boolean;
  /** The fan's stored choice (dt_consent) when the page was asked for. */
  readonly storedChoice: ConsentChoice | null;
  readonly fbp: string | null;
  readonly fbc: string | null;
  readonly fbclid: string | null;
  readonly ttp: string | null;
  readonly ttclid: string | null;
  /** GA's own client id (from the _ga cookie), when gtag.js has set one. */
  readonly gaClientId: string | null;
}


/**
 * The side-car for a view or a click that may be forwarded: a human one (a prefetch too: it may be
 * shown later), of a fan who did not opt out, on a page with at least one of the three tags.
 */
export function captureForward(facts: RequestFacts, target: TrackTarget, event: TrackedEvent): ForwardContext | null {
  if (event.type === 'client' || event.opt_out !== null) return null;
  if (event.excluded_reason !== null && event.excluded_reason !== 'prefetch') return null;
  const tags = effectiveTags(target.client.tracking, target.smartlink.tracking);
  const ids: Partial<Record<Platform, string>> = {};
  if (tags.ga4) ids.ga4 = tags.ga4;
  if (tags.facebook) ids.meta = tags.facebook;
  if (tags.tiktok) ids.tiktok = tags.tiktok;
  if (Object.keys(ids).length === 0) return null;
  const cookie = facts.headers.cookie;
  const ga = cookieValue(cookie, '_ga');
  return {
    ids,
    url: `https://${facts.host}/${target.smartlink.slug}`,
    artistName: target.smartlink.artistName,
    trackTitle: target.smartlink.trackTitle,
    consentRegion: inConsentRegion(target.client.consentRegions, event.country),
    storedChoice: storedChoice(cookie),
    fbp: cookieValue(cookie, '_fbp'),
    fbc: cookieValue(cookie, '_fbc'),
    fbclid: safeToken(facts.query.fbclid),
    ttp: cookieValue(cookie, '_ttp'),
    ttclid: safeToken(facts.query.ttclid),
    // GA1.1.<random>.<timestamp> → "<random>.<timestamp>", GA's client id
    gaClientId: ga && /^GA\d\.\d+\.(\d+\.\d+)$/.exec(ga)?.[1] || null,
  };
}

/** Cookie and click-id values go to the platforms as they are: only plain tokens are taken. */
function safeToken(value: string | undefined): string | null {
  return value !== undefined && /^[\w.\-~]{1,500}$/.test(value) ? value : null;
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeToken(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * GA4 needs a client_id and a numeric session_id. Without GA's own cookie they are derived from
 * Engine 1's pseudonyms: the visitor id (a hash of the day's salt, the client, IP and user agent,
 * which changes every day and differs between clients) and the session id. A hash of those is no
 * more linkable than they are: GA4 sees a stable fan for one client and one day, nothing more.
 */
export function ga4Ids(event: Pick<TrackedEvent, 'visitor_id' | 'session_id' | 'event_id'>, gaClientId: string | null): { clientId: string; sessionId: string } {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const visitor = digest(`ga4-client|${event.visitor_id ?? event.event_id}`);
  const session = digest(`ga4-session|${event.session_id ?? event.event_id}`);
  return {
    clientId: gaClientId ?? `${visitor.readUInt32BE(0)}.${visitor.readUInt32BE(4)}`,
    sessionId: String(session.readUInt32BE(0) & 0x7fffffff),
  };
}

/**
 * Meta's and TikTok's external_id: SHA-256 (hex, as both document it) of Engine 1's visitor id, which
 * is itself a hash of the day's salt, the client, IP and user agent. One fan's events of one day for
 * one client carry the same value; the next day's salt gives another, so no two days can be linked.
 * None without a visitor id (an opted-out fan has none, and is never forwarded anyway).
 */
export function externalId(visitorId: string | null): string | null {
  return visitorId === null ? null : createHash('sha256').update(`external-id|${visitorId}`).digest('hex');
}

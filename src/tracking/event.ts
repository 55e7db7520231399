// The tracked event: one row of the `events` table, built by the pipeline from one request.
// Field names are the column names (the seed's server, device, business and client blocks, flattened).
import type { ForwardContext } from '../forwarding/capture.js';

/** `client`: the browser's confirmation (Engine 2) of the view or click named in `confirms`. */
export type EventType = 'view' | 'click' | 'client';

/** Why an event is kept out of every human metric. `null` on the event means human traffic. */
export type ExclusionReason =
  | 'head_request' // HEAD: a link checker or a monitor, never a person
  | 'empty_user_agent'
  | 'link_preview' // someone shared the link: facebookexternalhit, Twitterbot, WhatsApp, Slackbot, Bluesky… (enrich/bot.ts)
  | 'crawler' // search engines, scrapers, monitoring and performance tools, HTTP libraries, even with an in-app token
  | 'prefetch'; // Sec-Purpose / Purpose / X-Moz: the browser fetched it speculatively

export type Channel = 'social' | 'search' | 'email' | 'paid' | 'direct' | 'internal' | 'other';

export type DeviceType = 'mobile' | 'tablet' | 'desktop' | 'other';

/** A fan who opted out (a cookie set on the privacy page, or the browser's Global Privacy Control). */
export type OptOut = 'cookie' | 'gpc';

/** Fields an enrichment step may set; every one is a column of `events`. */
export interface Enrichment {
  ip_truncated: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  user_agent: string;
  device_type: DeviceType;
  os: string | null;
  browser: string | null;
  in_app: string | null;
  referrer: string | null;
  referrer_host: string | null;
  channel: Channel;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  excluded_reason: ExclusionReason | null;
  excluded_detail: string | null;
  visitor_id: string | null;
  session_id: string | null;
  /** Set: an anonymous count only — no IP prefix, no city or region, no visitor or session id. */
  opt_out: OptOut | null;
}

/** What the browser reported: on a `client` row, and copied onto the event it confirms. */
export interface ClientBlock {
  client_confirmed_at: number | null;
  client_tags: string | null; // JSON { gtm, ga4, meta, tiktok: 'loaded' | 'blocked' | 'not_configured' }
  client_consent: 'granted' | 'denied' | 'pending' | 'not_required' | null;
}

export interface TrackedEvent extends Enrichment, ClientBlock {
  event_id: string; // time-ordered UUID (v7), shared with the browser and the ad platforms
  type: EventType;
  client_id: string;
  smartlink_id: string;
  service: string | null; // clicks only
  ts: number; // epoch milliseconds
  conversion_path: string | null; // JSON array, clicks only: ["view","spotify"] via the page, ["spotify"] direct
  revenue: number | null; // the client's conversion value, clicks only
  confirms: string | null; // `client` rows: the event id they confirm
  /** Not a column: what server-side forwarding needs of the request, enqueued in the transaction that stores the event (or spooled with it). */
  forward?: ForwardContext;
}

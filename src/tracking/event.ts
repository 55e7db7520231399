// The tracked event: one row of the `events` table, built by the pipeline from one request.
// Field names are the column names (the seed's server, device, business and client blocks, flattened).

export type EventType = 'view' | 'click';

/** Why an event is kept out of every human metric. `null` on the event means human traffic. */
export type ExclusionReason =
  | 'head_request' // HEAD: a link checker or a monitor, never a person
  | 'empty_user_agent'
  | 'link_preview' // facebookexternalhit, Twitterbot, WhatsApp, Slackbot, Discordbot…
  | 'crawler' // search engines, scrapers, HTTP libraries (curl, python-requests…)
  | 'prefetch'; // Sec-Purpose / Purpose / X-Moz: the browser fetched it speculatively

export type Channel = 'social' | 'search' | 'email' | 'paid' | 'direct' | 'internal' | 'other';

export type DeviceType = 'mobile' | 'tablet' | 'desktop' | 'other';

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
}

export interface TrackedEvent extends Enrichment {
  event_id: string; // time-ordered UUID (v7), shared with the browser and the ad platforms
  type: EventType;
  client_id: string;
  smartlink_id: string;
  service: string | null; // clicks only
  ts: number; // epoch milliseconds
  conversion_path: string | null; // JSON array, clicks only: ["view","spotify"] via the page, ["spotify"] direct
  revenue: number | null; // the client's conversion value, clicks only
}

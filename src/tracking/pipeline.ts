// Engine 1: from one request to one event, as an ordered list of named steps. Each step reads
// the request facts and what earlier steps found, and returns the fields it sets. Nothing is
// dropped: bots and prefetches get an exclusion reason and stay out of human metrics.
import { v7 as uuidv7 } from 'uuid';
import { randomBytesFromPool } from '../random.js';
import type { Client } from '../tenants/client.js';
import type { Smartlink } from '../links/smartlink.js';
import type { ClickVia } from './attribution.js';
import type { DailySalts } from './daily-salts.js';
import type { Enrichment, EventType, TrackedEvent } from './event.js';
import type { GeoLookup } from './enrich/geo.js';
import { normalizeIp, truncateIp } from './enrich/ip.js';
import { detectPrefetch } from './enrich/prefetch.js';
import { classifyReferrer } from './enrich/referrer.js';
import { describeUserAgent } from './enrich/user-agent.js';
import { readUtm } from './enrich/utm.js';
import type { RequestFacts } from './request-facts.js';
import { visitorIds } from './visitor.js';
import { optOutOf } from '../privacy/opt-out.js';

export interface PipelineDeps {
  readonly geo: GeoLookup;
  readonly salts: DailySalts;
}

export interface TrackTarget {
  readonly type: EventType;
  readonly client: Client;
  readonly smartlink: Smartlink;
  readonly service: string | null;
  /** An id decided before the request (a click derived from its view); a new UUIDv7 otherwise. */
  readonly eventId?: string;
  /** A click through this smartlink's page (attribution.ts): its conversion path starts with the view, its source is the view's. */
  readonly via?: ClickVia | null;
  /** `client` events: what the browser reported about the event it confirms. */
  readonly confirmation?: Pick<TrackedEvent, 'confirms' | 'client_tags' | 'client_consent'>;
}

interface StepInput {
  readonly facts: RequestFacts;
  readonly target: TrackTarget;
  readonly sofar: Readonly<Partial<Enrichment>>;
  readonly deps: PipelineDeps;
}
type Step = (input: StepInput) => Partial<Enrichment>;

/** The policy, in order. The step names are what tests and logs refer to. */
const STEPS: ReadonlyArray<readonly [string, Step]> = [
  ['truncate_ip', ({ facts }) => ({ ip_truncated: truncateIp(facts.ip) })],
  ['geolocate', ({ facts, deps }) => deps.geo(facts.ip)],
  ['respect_opt_out', ({ facts, target }) => {
    const optOut = optOutOf(facts.headers, target.client.settings.honorGpc !== false);
    return optOut ? { opt_out: optOut, ip_truncated: null, city: null, region: null } : {};
  }],
  ['parse_user_agent', ({ facts }) => {
    const { device_type, os, browser, in_app } = describeUserAgent(facts.userAgent);
    return { user_agent: facts.userAgent.slice(0, 512), device_type, os, browser, in_app };
  }],
  ['read_utm', ({ facts }) => readUtm(facts.query)],
  ['classify_referrer', ({ facts, sofar }) =>
    classifyReferrer({
      referrer: facts.referrer,
      ownHost: facts.host,
      inApp: sofar.in_app ?? null,
      utmMedium: sofar.utm_medium ?? null,
      utmSource: sofar.utm_source ?? null,
    })],
  ['flag_head_request', unlessExcluded(({ facts }) => (facts.method === 'HEAD' ? exclude('head_request', null) : {}))],
  ['flag_empty_user_agent', unlessExcluded(({ facts }) => (facts.userAgent.trim() === '' ? exclude('empty_user_agent', null) : {}))],
  ['flag_bot', unlessExcluded(({ facts }) => {
    const bot = describeUserAgent(facts.userAgent).bot;
    return bot ? exclude(bot.reason, bot.detail) : {};
  })],
  ['flag_prefetch', unlessExcluded(({ facts }) => {
    const detail = detectPrefetch(facts.headers);
    return detail ? exclude('prefetch', detail) : {};
  })],
  ['hash_visitor', ({ facts, target, sofar, deps }) =>
    sofar.opt_out ? {} : visitorIds(deps.salts.saltFor(facts.now), facts.now, target.client.id, target.smartlink.id, normalizeIp(facts.ip), facts.userAgent)],
];

/** The first exclusion reason found is the one kept. */
function unlessExcluded(step: Step): Step {
  return (input) => (input.sofar.excluded_reason ? {} : step(input));
}

function exclude(reason: NonNullable<Enrichment['excluded_reason']>, detail: string | null): Partial<Enrichment> {
  return { excluded_reason: reason, excluded_detail: detail };
}

export function buildEvent(facts: RequestFacts, target: TrackTarget, deps: PipelineDeps): TrackedEvent {
  // Every field present from the start: one object shape for every event (a fast path in V8).
  const event: TrackedEvent = {
    event_id: '', // decided once the steps have run (below)
    type: target.type,
    client_id: target.client.id,
    smartlink_id: target.smartlink.id,
    service: target.service,
    ts: facts.now,
    ...UNSET,
    conversion_path: null,
    revenue: null,
    client_confirmed_at: null,
    client_tags: null,
    client_consent: null,
    confirms: null,
  };
  const input: StepInput = { facts, target, sofar: event, deps }; // `sofar` is the event itself: one input serves every step
  for (const [, step] of STEPS) Object.assign(event, step(input));
  // An id decided in advance is a fan's own click: a bot or a prefetch following the same link
  // must not take it.
  event.event_id = target.eventId && !event.excluded_reason ? target.eventId : uuidv7({ msecs: facts.now, random: randomBytesFromPool(16) });
  if (target.confirmation) Object.assign(event, target.confirmation, { client_confirmed_at: facts.now });
  if (target.type === 'click') {
    // through the page: ["view", "spotify"]; a direct deep link: ["spotify"]
    event.conversion_path = JSON.stringify(target.via ? ['view', target.service] : [target.service]);
    event.revenue = event.excluded_reason ? null : target.client.conversionValue;
  }
  return event;
}

const UNSET: Enrichment = {
  ip_truncated: null, country: null, region: null, city: null,
  user_agent: '', device_type: 'other', os: null, browser: null, in_app: null,
  referrer: null, referrer_host: null, channel: 'direct',
  utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null,
  excluded_reason: null, excluded_detail: null, visitor_id: null, session_id: null, opt_out: null,
};

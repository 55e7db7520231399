// Deterministic, realistic-looking events for analytics tests and the dashboard benchmark: views,
// clicks and browser confirmations over a time window, with countries, cities, devices, channels,
// UTM tags, bots and prefetches. Same seed, same events.
import { v7 as uuidv7 } from 'uuid';
import type { TrackedEvent } from '../../src/tracking/event.js';
import { visitorIds } from '../../src/tracking/visitor.js';

export interface SyntheticOptions {
  readonly clientId: string;
  readonly smartlinkIds: readonly string[];
  readonly from: number; // epoch ms
  readonly to: number;
  /** Views (and, with them, clicks and confirmations). */
  readonly views: number;
  readonly seed?: number;
  readonly conversionValue?: number | null;
  /** Distinct fans per day. */
  readonly visitors?: number;
  /**
   * Where fans are. Unset: 7 countries and 16 cities, evenly. Set: that many cities, their traffic
   * Zipf-distributed (a few big ones, a long tail), each in one of that many countries, as a real
   * audience spreads: breakdowns at a realistic cardinality.
   */
  readonly places?: Places;
}

export interface Places {
  readonly countries: number;
  readonly cities: number;
}

const COUNTRIES: readonly [string, readonly string[]][] = [
  ['FR', ['Paris', 'Lyon', 'Marseille', 'Lille']],
  ['US', ['New York', 'Los Angeles', 'Chicago']],
  ['GB', ['London', 'Manchester']],
  ['DE', ['Berlin', 'Hamburg', 'München']],
  ['IN', ['Mumbai', 'Delhi']],
  ['BR', ['São Paulo']],
  ['JP', ['Tokyo']],
];
const SERVICES = ['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'tidal'];
const DEVICES = [['mobile', 'iOS', 'Mobile Safari'], ['mobile', 'Android', 'Chrome'], ['desktop', 'Windows', 'Chrome'], ['desktop', 'Mac OS', 'Safari'], ['tablet', 'iOS', 'Mobile Safari']] as const;
const IN_APPS = [null, null, null, 'instagram', 'tiktok', 'facebook'];
const REFERRERS: readonly [string | null, TrackedEvent['channel']][] = [[null, 'direct'], ['instagram.com', 'social'], ['t.co', 'social'], ['google.com', 'search'], ['mail.google.com', 'email']];
const CAMPAIGNS = [null, null, 'release-week', 'playlist-push', 'tour'];
const EXCLUSIONS: readonly NonNullable<TrackedEvent['excluded_reason']>[] = ['crawler', 'link_preview', 'prefetch', 'head_request'];

/** A small, fast PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* syntheticEvents(o: SyntheticOptions): Generator<TrackedEvent> {
  const rand = random(o.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const visitors = o.visitors ?? Math.max(1, Math.floor(o.views / 3));
  const world = o.places ? worldOf(o.places) : null;
  for (let i = 0; i < o.views; i++) {
    const ts = o.from + Math.floor(rand() * (o.to - o.from));
    const [country, cities] = world ? world(rand()) : pick(COUNTRIES);
    const [device, os, browser] = pick(DEVICES);
    const [referrer, channel] = pick(REFERRERS);
    const campaign = pick(CAMPAIGNS);
    const excluded = rand() < 0.08 ? pick(EXCLUSIONS) : null;
    const base = {
      client_id: o.clientId,
      smartlink_id: pick(o.smartlinkIds),
      ip_truncated: '203.0.113.0',
      country,
      region: null,
      city: rand() < 0.9 ? pick(cities) : null,
      user_agent: `synthetic ${os} ${browser}`,
      device_type: device,
      os,
      browser,
      in_app: pick(IN_APPS),
      referrer: referrer && `https://${referrer}/`,
      referrer_host: referrer,
      channel,
      utm_source: campaign ? 'instagram' : null,
      utm_medium: campaign ? 'social' : null,
      utm_campaign: campaign,
      utm_term: null,
      utm_content: null,
      excluded_reason: excluded,
      excluded_detail: excluded ? 'synthetic' : null,
      visitor_id: excluded ? null : visitorIds('synthetic', ts, o.clientId, '', `fan${Math.floor(rand() * visitors)}`, '').visitor_id, // one fan a day, as the tracker makes them
      session_id: null,
      opt_out: null,
      conversion_path: null,
      revenue: null,
      client_confirmed_at: null,
      client_tags: null,
      client_consent: null,
      confirms: null,
    } satisfies Omit<TrackedEvent, 'event_id' | 'type' | 'service' | 'ts'>;
    const view: TrackedEvent = { ...base, event_id: uuidv7({ msecs: ts, random: bytes(rand) }), type: 'view', service: null, ts };
    yield view;
    // Most fans' browsers confirm the view (blockers stop the rest); bots' never do.
    if (!excluded && rand() < 0.8) {
      const at = ts + 800;
      yield { ...base, event_id: uuidv7({ msecs: at, random: bytes(rand) }), type: 'client', service: null, ts: at, client_confirmed_at: at, client_tags: '{}', client_consent: 'not_required', confirms: view.event_id };
    }
    if (rand() < 0.35) {
      const at = Math.min(o.to - 1, ts + 5_000 + Math.floor(rand() * 60_000));
      const service = pick(SERVICES);
      yield { ...base, event_id: uuidv7({ msecs: at, random: bytes(rand) }), type: 'click', service, ts: at, conversion_path: JSON.stringify(['view', service]), revenue: excluded ? null : (o.conversionValue ?? null) };
    }
  }
}

const worlds = new Map<string, (u: number) => readonly [string, readonly string[]]>();

/** Maps a uniform draw to a city (Zipf, exponent 1) and its country (one per city, also Zipf). */
function worldOf(places: Places): (u: number) => readonly [string, readonly string[]] {
  const key = `${places.countries}/${places.cities}`;
  let world = worlds.get(key);
  if (!world) {
    const cumulative = (n: number, exponent: number) => {
      const sums = new Float64Array(n);
      for (let i = 0, sum = 0; i < n; i++) sums[i] = sum += 1 / (i + 1) ** exponent;
      return sums;
    };
    const draw = (sums: Float64Array, u: number) => {
      const target = u * (sums[sums.length - 1] as number);
      let lo = 0;
      let hi = sums.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sums[mid] as number) > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const countrySums = cumulative(places.countries, 1.2);
    const countryRand = random(7);
    const code = (i: number) => String.fromCharCode(65 + (Math.floor(i / 26) % 26), 65 + (i % 26));
    const entries = Array.from({ length: places.cities }, (_, i) => [code(draw(countrySums, countryRand())), [`City ${i + 1}`]] as const);
    const citySums = cumulative(places.cities, 1);
    world = (u) => entries[draw(citySums, u)] as readonly [string, readonly string[]];
    worlds.set(key, world);
  }
  return world;
}

function bytes(rand: () => number): Uint8Array {
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

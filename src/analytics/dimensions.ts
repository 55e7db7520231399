// The dimensions dashboards break counts down by, and how each reads its value off an event.
// '' is the value of an unknown or missing one ("(none)").
import type { EventRow } from '../db/schema.js';

export type RollupEvent = Pick<
  EventRow,
  | 'type' | 'smartlink_id' | 'service' | 'ts' | 'country' | 'city' | 'device_type' | 'os' | 'browser' | 'in_app' | 'channel'
  | 'referrer_host' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'excluded_reason' | 'is_unique' | 'revenue' | 'client_confirmed_at'
  | 'client_consent' | 'opt_out'
>;

export const ROLLUP_EVENT_COLUMNS = [
  'type', 'smartlink_id', 'service', 'ts', 'country', 'city', 'device_type', 'os', 'browser', 'in_app', 'channel',
  'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'excluded_reason', 'is_unique', 'revenue', 'client_confirmed_at',
  'client_consent', 'opt_out',
] as const satisfies readonly (keyof RollupEvent)[];

/** Dimensions of human traffic, by API name. `service` counts clicks only (a view has no service). */
export const DIMENSIONS = {
  service: (e: RollupEvent) => e.service ?? '',
  country: (e: RollupEvent) => e.country ?? '',
  city: (e: RollupEvent) => (e.city ? `${e.country ?? ''}:${e.city}` : ''),
  device: (e: RollupEvent) => e.device_type,
  os: (e: RollupEvent) => e.os ?? '',
  browser: (e: RollupEvent) => e.browser ?? '',
  in_app: (e: RollupEvent) => e.in_app ?? '',
  channel: (e: RollupEvent) => e.channel,
  referrer: (e: RollupEvent) => e.referrer_host ?? '',
  utm_source: (e: RollupEvent) => e.utm_source ?? '',
  utm_medium: (e: RollupEvent) => e.utm_medium ?? '',
  utm_campaign: (e: RollupEvent) => e.utm_campaign ?? '',
  // The consent log: the fan's choice as the browser reported it ('' = no report: no script ran)
  consent: (e: RollupEvent) => e.client_consent ?? '',
  // Anonymous counts of opted-out fans: 'cookie' (the privacy page) or 'gpc' (Global Privacy Control)
  opt_out: (e: RollupEvent) => e.opt_out ?? '',
} as const satisfies Record<string, (e: RollupEvent) => string>;

export type Dimension = keyof typeof DIMENSIONS;

/**
 * Every dimension the API offers: the above, `smartlink` (rows of the client-wide level only)
 * and `excluded` (bots and prefetches, by reason: the only rows that count non-human traffic).
 */
export const BREAKDOWNS = [...(Object.keys(DIMENSIONS) as Dimension[]), 'smartlink', 'excluded'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Every `dim` a rollup row may have: '' (the totals) and each breakdown. */
export const ROLLUP_DIMS: readonly string[] = ['', ...BREAKDOWNS];

/**
 * The dims of a smartlink's hour rows. A report of one smartlink reads whole local days (the day
 * rows) for its breakdowns; by hour it reads only its totals (the hourly series) and the
 * reconciliation's exclusions, consent and opt-outs. The client-wide level ('*') keeps every dim
 * by hour: a report over clients in different time zones sums their hours.
 */
export const SMARTLINK_HOURLY_DIMS: readonly string[] = ['', 'excluded', 'consent', 'opt_out'];

/** How a value reads in a table: "Paris (FR)" for a city, "(none)" for ''. */
export function valueLabel(dimension: Breakdown, value: string): string {
  if (value === '') return dimension === 'referrer' ? '(direct)' : dimension === 'consent' ? '(no browser report)' : dimension === 'opt_out' ? '(measured)' : '(none)';
  if (dimension === 'city') {
    const [country, city] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    return country ? `${city} (${country})` : city;
  }
  return value;
}

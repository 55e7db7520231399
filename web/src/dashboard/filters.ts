// The dashboard's filters live in the URL (?period=7d&smartlink=…&interval=hour&by=country), so a
// view can be bookmarked, shared and navigated back to; a drill-down is the same URL with ?smartlink=.
import { useCallback } from 'react';
import { useLocation, useNavigate } from '../app/router';
import type { AnalyticsFilter, Interval } from '../api/analytics';
import { addDays, daysBetween, isDate, today } from './dates';
import messages from './messages';

/** Every breakdown the dashboard offers: the API's but 'excluded' (a panel of its own), as messages.ts names them. */
export type BreakdownDimension = keyof typeof messages.en.dimensions;
export const DIMENSIONS = Object.keys(messages.en.dimensions) as BreakdownDimension[];

/** The presets, by their days (their names: messages.ts, period.*). */
export const PRESETS = { today: 1, '7d': 7, '30d': 30, '90d': 90 } as const;
export type Preset = keyof typeof PRESETS | 'custom';

/** Hourly points are offered for ranges up to this many days (the API's limit). */
export const MAX_HOURLY_DAYS = 31;

export interface DashboardFilters {
  readonly preset: Preset;
  readonly from: string;
  readonly to: string;
  readonly smartlinkId: string | undefined;
  readonly interval: Interval;
  readonly dimension: BreakdownDimension;
}

export function readFilters(search: URLSearchParams, timeZone: string): DashboardFilters {
  const period = search.get('period');
  const from = search.get('from');
  const to = search.get('to');
  let preset: Preset = period && period in PRESETS ? (period as Preset) : '30d';
  let range: { from: string; to: string };
  if (period === 'custom' && isDate(from) && isDate(to) && from <= to) {
    preset = 'custom';
    range = { from, to };
  } else {
    const end = today(timeZone);
    range = { from: addDays(end, -(PRESETS[preset as keyof typeof PRESETS] - 1)), to: end };
  }
  const by = search.get('by');
  const dimension = DIMENSIONS.find((d) => d === by) ?? 'service';
  const hourly = search.get('interval') === 'hour' || (search.get('interval') === null && preset === 'today');
  return {
    preset,
    ...range,
    smartlinkId: search.get('smartlink') || undefined,
    interval: hourly && daysBetween(range.from, range.to) <= MAX_HOURLY_DAYS ? 'hour' : 'day',
    dimension,
  };
}

export function toAnalyticsFilter(clientId: string | undefined, f: Pick<DashboardFilters, 'from' | 'to' | 'smartlinkId'>): AnalyticsFilter {
  return { clientId, smartlinkId: f.smartlinkId, from: f.from, to: f.to };
}

export interface FilterChange {
  readonly period?: Preset;
  readonly from?: string;
  readonly to?: string;
  readonly smartlink?: string | null;
  readonly interval?: Interval;
  readonly by?: string;
}

/** The filters of the current URL, and a way to change some of them (the URL is replaced, not pushed). */
export function useDashboardFilters(timeZone: string): [DashboardFilters, (change: FilterChange) => void] {
  const { path, search } = useLocation();
  const navigate = useNavigate();
  const update = useCallback(
    (change: FilterChange) => {
      const next = new URLSearchParams(search);
      for (const [key, value] of Object.entries(change)) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (change.period && change.period !== 'custom') {
        next.delete('from');
        next.delete('to');
      }
      const text = next.toString();
      navigate(`${path}${text ? `?${text}` : ''}`, { replace: true });
    },
    [navigate, path, search],
  );
  return [readFilters(search, timeZone), update];
}

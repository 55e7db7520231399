// The analytics API (/api/v1/analytics): response shapes and the query every panel sends.
import { query } from './http';

export interface Range {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly start: string;
  readonly end: string;
}

export interface Counts {
  readonly views: number;
  readonly uniqueVisitors: number;
  readonly clicks: number;
}

/** slug and names are null for a smartlink that no longer exists. */
export interface TopSmartlink extends Counts {
  readonly smartlinkId: string;
  readonly slug: string | null;
  readonly artistName: string | null;
  readonly trackTitle: string | null;
}

export interface Overview extends Counts {
  readonly range: Range;
  readonly clickThroughRate: number;
  readonly revenue: number;
  readonly topCountries: readonly (Counts & { readonly value: string })[];
  readonly topSmartlinks: readonly TopSmartlink[];
  readonly excluded: { readonly views: number; readonly clicks: number; readonly byReason: readonly { readonly value: string; readonly views: number; readonly clicks: number }[] };
}

export type Interval = 'hour' | 'day';

export interface TimeseriesPoint extends Counts {
  readonly start: string;
  readonly label: string;
  readonly revenue: number;
}

export interface Timeseries {
  readonly range: Range;
  readonly interval: Interval;
  readonly points: readonly TimeseriesPoint[];
}

export const DIMENSIONS = {
  service: 'Service',
  country: 'Country',
  city: 'City',
  device: 'Device',
  os: 'Operating system',
  browser: 'Browser',
  in_app: 'In-app browser',
  channel: 'Channel',
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  smartlink: 'Smartlink',
} as const;

export type Dimension = keyof typeof DIMENSIONS | 'excluded';

export interface BreakdownRow extends Counts {
  readonly value: string;
  readonly label: string;
  readonly clickThroughRate: number;
  readonly revenue: number;
}

export interface Breakdown {
  readonly range: Range;
  readonly dimension: Dimension;
  readonly rows: readonly BreakdownRow[];
}

export interface Realtime {
  readonly windowMinutes: number;
  readonly asOf: string;
  readonly activeVisitors: number;
  readonly currentViews: number;
  readonly clicks: number;
  readonly topSmartlinks: readonly (Omit<TopSmartlink, 'uniqueVisitors' | 'clicks'>)[];
}

export type DataQuality = 'excellent' | 'good' | 'warning';

export interface Performance {
  readonly range: Range;
  readonly serverTrackingRate: number;
  readonly clientTrackingRate: number;
  readonly dataQuality: DataQuality;
  readonly details: { readonly humanViews: number; readonly confirmedViews: number; readonly browserViews: number; readonly browserViewsStored: number };
  /** Hosts the pages' CSP blocked (violation reports), in the last hour and 24 hours. */
  readonly blockedByPolicy: readonly { readonly host: string; readonly lastHour: number; readonly last24Hours: number }[];
}

export interface ClientSummary extends Counts {
  readonly clientId: string;
  readonly name: string;
  readonly timeZone: string;
  readonly clickThroughRate: number;
  readonly revenue: number;
  readonly serverTrackingRate: number;
  readonly clientTrackingRate: number;
  readonly dataQuality: DataQuality;
  readonly growth: { readonly weekOverWeek: number | null; readonly monthOverMonth: number | null };
}

export interface ClientsReport {
  readonly range: Range;
  readonly clients: readonly ClientSummary[];
  readonly totals: Counts & { readonly clickThroughRate: number; readonly revenue: number };
}

/** What every analytics request is narrowed by. */
export interface AnalyticsFilter {
  readonly clientId?: string | undefined;
  readonly smartlinkId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export function analyticsPath(endpoint: string, filter: AnalyticsFilter, extra: Readonly<Record<string, string | number | undefined>> = {}): string {
  return `/analytics/${endpoint}${query({ clientId: filter.clientId, smartlinkId: filter.smartlinkId, from: filter.from, to: filter.to, ...extra })}`;
}

// The analytics API (/api/v1/analytics): its reports' shapes (generated from the API's document),
// the breakdowns the dashboard offers, and the query every panel sends.
import type { GetParams } from './http';
import type { BreakdownReport, Dimension, OverviewReport, PerformanceReport, TimeseriesReport } from './types';

export type { ClientsReport, Dimension, RealtimeReport as Realtime } from './types';
export type { BreakdownReport as Breakdown, OverviewReport as Overview, PerformanceReport as Performance, TimeseriesReport as Timeseries };
export type TopSmartlink = OverviewReport['topSmartlinks'][number];
export type Interval = TimeseriesReport['interval'];
export type BreakdownRow = BreakdownReport['rows'][number];
export type DataQuality = PerformanceReport['dataQuality'];

/** What every analytics request is narrowed by. */
export interface AnalyticsFilter {
  readonly clientId?: string | undefined;
  readonly smartlinkId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** The filter as the reports' query, without what it leaves unset. */
export function analyticsQuery(filter: AnalyticsFilter): NonNullable<GetParams<'/api/v1/analytics/overview'>['query']> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''));
}

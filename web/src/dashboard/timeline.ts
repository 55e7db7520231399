// The time chart's points from a time series: a bucket that starts after now (an hour of today
// still to come) has no values, so it is not drawn as a fall to zero.
import type { Timeseries } from '../api/analytics';
import type { LinePoint } from '../ui/charts/TimeChart';

export function chartPoints(points: Timeseries['points'], now: number): LinePoint[] {
  return points.map((p) => ({
    label: p.label,
    values: Date.parse(p.start) > now ? null : { views: p.views, uniqueVisitors: p.uniqueVisitors, clicks: p.clicks },
  }));
}

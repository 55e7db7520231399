// Every headline figure against the same-length period just before the report's: the previous
// period's figures and the signed change in percent (null when the previous is 0: nothing to
// compare with). One definition for the dashboard's cards and the master view's rows.
import { reportDays, type Report } from './report.js';
import { clickThroughRate, type Counts } from './rollup-query.js';
import { addDays, daysBetween } from './time-zone.js';

/** The report over the same number of days, ending the day before it starts (same clients, zone, smartlink). */
export function previousPeriod(report: Report): Report {
  const days = daysBetween(report.from, report.to) + 1;
  return { ...report, ...reportDays(report.timeZone, { from: addDays(report.from, -days), to: addDays(report.from, -1) }, undefined, { maxDays: null }) };
}

/** The figures every comparison covers, as the reports name them. */
export function headline(c: Pick<Counts, 'views' | 'uniques' | 'clicks' | 'revenue'>) {
  return { views: c.views, uniqueVisitors: c.uniques, clicks: c.clicks, clickThroughRate: clickThroughRate(c), revenue: Math.round(c.revenue * 100) / 100 };
}

export type Headline = ReturnType<typeof headline>;

/** Percentage change, one decimal; null when there is nothing to compare with. */
export function growth(current: number, previous: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10;
}

/** Each figure's change from the previous period. */
export function change(current: Headline, previous: Headline): Record<keyof Headline, number | null> {
  return {
    views: growth(current.views, previous.views),
    uniqueVisitors: growth(current.uniqueVisitors, previous.uniqueVisitors),
    clicks: growth(current.clicks, previous.clicks),
    clickThroughRate: growth(current.clickThroughRate, previous.clickThroughRate),
    revenue: growth(current.revenue, previous.revenue),
  };
}

// Every headline figure against the same-length period just before the report's: the previous
// period's figures and the signed change in percent (null when the previous is 0: nothing to
// compare with). One definition for the dashboard's cards and the master view's rows.
import type { Report } from './report.js';
import { clickThroughRate, type Counts } from './rollup-query.js';
import { addDays, daysBetween, startOfDay } from './time-zone.js';

/**
 * The report over other days (same clients, zone, smartlink). Not held to the years a request may
 * name: a period compared with may start before 1970, and is merely empty there.
 */
export function periodOf(report: Report, from: string, to: string): Report {
  return { ...report, from, to, start: startOfDay(from, report.timeZone), end: startOfDay(addDays(to, 1), report.timeZone) };
}

/** The report over the same number of days, ending the day before it starts. */
export function previousPeriod(report: Report): Report {
  return periodOf(report, addDays(report.from, -(daysBetween(report.from, report.to) + 1)), addDays(report.from, -1));
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

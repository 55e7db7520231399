// Views, unique visitors, clicks and revenue per local hour or day, every bucket present.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { InvalidReport, rangeOf, type Report } from './report.js';
import { countsByBucket, NO_COUNTS, type Counts } from './rollup-query.js';
import { dayIndex, daysOf, localTime } from './time-zone.js';

export type Interval = 'hour' | 'day';
export const MAX_HOURLY_DAYS = 31;
const HOUR_MS = 3_600_000;

export async function timeseries(db: Kysely<Schema>, report: Report, interval: Interval) {
  const { days } = daysOf(report.from, report.to, report.timeZone);
  if (interval === 'hour' && days.length > MAX_HOURLY_DAYS) throw new InvalidReport(`interval=hour: at most ${MAX_HOURLY_DAYS} days`);
  const byBucket = await countsByBucket(db, report, interval);
  const point = (start: number, label: string, c: Counts) => ({ start: new Date(start).toISOString(), label, views: c.views, uniqueVisitors: c.uniques, clicks: c.clicks, revenue: c.revenue });

  const points = [];
  if (interval === 'hour') {
    for (let t = report.start; t < report.end; t += HOUR_MS) {
      const local = localTime(t, report.timeZone);
      points.push(point(t, `${local.date} ${String(local.hour).padStart(2, '0')}:00`, byBucket.get(t) ?? NO_COUNTS));
    }
  } else {
    const sums = days.map(() => ({ ...NO_COUNTS }));
    for (const [bucket, c] of byBucket) {
      const i = dayIndex(days, bucket);
      const s = sums[i] as { -readonly [K in keyof Counts]: number };
      s.views += c.views;
      s.uniques += c.uniques;
      s.clicks += c.clicks;
      s.revenue = Math.round((s.revenue + c.revenue) * 100) / 100;
    }
    days.forEach((d, i) => points.push(point(d.start, d.date, sums[i] as Counts)));
  }
  return { range: rangeOf(report), interval, points };
}

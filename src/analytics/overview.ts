// The dashboard's headline: views, unique visitors, clicks, click-through rate, revenue (each
// against the period before), top countries and smartlinks, and the traffic kept out of them
// (bots, previews, prefetches).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { change, headline, previousPeriod } from './comparison.js';
import { rangeOf, type Report } from './report.js';
import { countsByValue, totalCounts } from './rollup-query.js';
import { smartlinkNames } from './smartlink-names.js';

const TOP = 10;

export async function overview(db: Kysely<Schema>, report: Report) {
  const before = previousPeriod(report);
  const [totals, previousTotals, countries, smartlinks, excluded] = await Promise.all([
    totalCounts(db, report),
    totalCounts(db, before),
    countsByValue(db, report, 'country'),
    countsByValue(db, { ...report, smartlinkId: null }, 'smartlink'),
    countsByValue(db, report, 'excluded'),
  ]);
  const shown = smartlinks.filter((s) => report.smartlinkId === null || s.value === report.smartlinkId).slice(0, TOP);
  const names = await smartlinkNames(db, shown.map((s) => s.value));
  const current = headline(totals);
  const previous = headline(previousTotals);
  return {
    range: rangeOf(report),
    ...current,
    previous: { range: rangeOf(before), ...previous },
    change: change(current, previous),
    topCountries: countries.slice(0, TOP).map((c) => ({ value: c.value, views: c.views, uniqueVisitors: c.uniques, clicks: c.clicks })),
    topSmartlinks: shown.map((s) => ({
      smartlinkId: s.value,
      slug: names.get(s.value)?.slug ?? null,
      artistName: names.get(s.value)?.artistName ?? null,
      trackTitle: names.get(s.value)?.trackTitle ?? null,
      views: s.views,
      uniqueVisitors: s.uniques,
      clicks: s.clicks,
    })),
    excluded: {
      views: excluded.reduce((n, e) => n + e.views, 0),
      clicks: excluded.reduce((n, e) => n + e.clicks, 0),
      byReason: excluded.map((e) => ({ value: e.value, views: e.views, clicks: e.clicks })),
    },
  };
}

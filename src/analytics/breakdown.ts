// Counts per value of one dimension (service, country, city, device…, smartlink, excluded).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { valueLabel, type Breakdown } from './dimensions.js';
import { rangeOf, type Report } from './report.js';
import { clickThroughRate, countsByValue } from './rollup-query.js';
import { smartlinkLabel, smartlinkNames } from './smartlink-names.js';

export async function breakdown(db: Kysely<Schema>, report: Report, dimension: Breakdown, limit: number) {
  const all = await countsByValue(db, dimension === 'smartlink' ? { ...report, smartlinkId: null } : report, dimension);
  const rows = (dimension === 'smartlink' && report.smartlinkId ? all.filter((r) => r.value === report.smartlinkId) : all)
    .sort((a, b) => (dimension === 'service' ? b.clicks - a.clicks : 0) || b.views - a.views || b.clicks - a.clicks)
    .slice(0, limit);
  const names = dimension === 'smartlink' ? await smartlinkNames(db, rows.map((r) => r.value)) : null;
  return {
    range: rangeOf(report),
    dimension,
    rows: rows.map((r) => ({
      value: r.value,
      label: names ? smartlinkLabel(names.get(r.value), r.value) : valueLabel(dimension, r.value),
      views: r.views,
      uniqueVisitors: r.uniques,
      clicks: r.clicks,
      clickThroughRate: clickThroughRate(r),
      revenue: r.revenue,
    })),
  };
}

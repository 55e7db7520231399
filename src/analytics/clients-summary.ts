// The master view: every client side by side over the same UTC days — counts, revenue, tracking
// rates, and growth of views week over week and month over month (the 7 / 30 days ending `to`
// against the 7 / 30 days before).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { trackingRates } from './performance.js';
import { rangeOf, reportDays, type Report } from './report.js';
import { clickThroughRate, countsByClient, NO_COUNTS, type Counts } from './rollup-query.js';
import { addDays } from './time-zone.js';

export async function clientsSummary(db: Kysely<Schema>, report: Report) {
  const clients = await db.selectFrom('clients').select(['id', 'name', 'time_zone']).orderBy('name').orderBy('id').execute();
  const scoped = { ...report, clientIds: clients.map((c) => c.id), smartlinkId: null };
  const days = (from: string, to: string): Report => ({ ...scoped, ...reportDays('UTC', { from, to }) });
  const [current, week, previousWeek, month, previousMonth] = await Promise.all([
    countsByClient(db, scoped),
    countsByClient(db, days(addDays(report.to, -6), report.to)),
    countsByClient(db, days(addDays(report.to, -13), addDays(report.to, -7))),
    countsByClient(db, days(addDays(report.to, -29), report.to)),
    countsByClient(db, days(addDays(report.to, -59), addDays(report.to, -30))),
  ]);
  const views = (m: Map<string, Counts>, id: string) => m.get(id)?.views ?? 0;
  const rows = clients.map((c) => {
    const counts = current.get(c.id) ?? NO_COUNTS;
    const rates = trackingRates(counts);
    return {
      clientId: c.id,
      name: c.name,
      timeZone: c.time_zone,
      views: counts.views,
      uniqueVisitors: counts.uniques,
      clicks: counts.clicks,
      clickThroughRate: clickThroughRate(counts),
      revenue: counts.revenue,
      ...rates,
      growth: { weekOverWeek: growth(views(week, c.id), views(previousWeek, c.id)), monthOverMonth: growth(views(month, c.id), views(previousMonth, c.id)) },
    };
  });
  const totals = rows.reduce((t, r) => ({ views: t.views + r.views, uniqueVisitors: t.uniqueVisitors + r.uniqueVisitors, clicks: t.clicks + r.clicks, revenue: t.revenue + r.revenue }), {
    views: 0,
    uniqueVisitors: 0,
    clicks: 0,
    revenue: 0,
  });
  return { range: rangeOf(scoped), clients: rows, totals: { ...totals, revenue: Math.round(totals.revenue * 100) / 100, clickThroughRate: clickThroughRate(totals) } };
}

/** Percentage change, one decimal; null when there is nothing to compare with. */
export function growth(current: number, previous: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10;
}

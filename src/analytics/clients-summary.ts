// The master view: every client side by side over the same UTC days — counts, revenue, tracking
// rates, each figure against the period before, and growth of views week over week and month over
// month (the 7 / 30 days ending `to` against the 7 / 30 days before).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { trackingRates } from './performance.js';
import { rangeOf, type Report } from './report.js';
import { change, growth, headline, periodOf, previousPeriod } from './comparison.js';
import { countsByClient, NO_COUNTS, type Counts } from './rollup-query.js';
import { addDays } from './time-zone.js';

export async function clientsSummary(db: Kysely<Schema>, report: Report) {
  // Archived clients leave the agency's overview as they leave its lists (their data stays).
  const clients = await db.selectFrom('clients').select(['id', 'name', 'time_zone', 'currency']).where('archived_at', 'is', null).orderBy('name').orderBy('id').execute();
  const scoped = { ...report, clientIds: clients.map((c) => c.id), smartlinkId: null };
  const days = (from: string, to: string): Report => periodOf(scoped, from, to);
  const before = previousPeriod(scoped);
  const [current, previousCounts, week, previousWeek, month, previousMonth] = await Promise.all([
    countsByClient(db, scoped),
    countsByClient(db, before),
    countsByClient(db, days(addDays(report.to, -6), report.to)),
    countsByClient(db, days(addDays(report.to, -13), addDays(report.to, -7))),
    countsByClient(db, days(addDays(report.to, -29), report.to)),
    countsByClient(db, days(addDays(report.to, -59), addDays(report.to, -30))),
  ]);
  const views = (m: Map<string, Counts>, id: string) => m.get(id)?.views ?? 0;
  const rows = clients.map((c) => {
    const counts = current.get(c.id) ?? NO_COUNTS;
    const figures = headline(counts);
    const previous = headline(previousCounts.get(c.id) ?? NO_COUNTS);
    return {
      clientId: c.id,
      name: c.name,
      timeZone: c.time_zone,
      currency: c.currency,
      ...figures,
      previous,
      change: change(figures, previous),
      ...trackingRates(counts),
      growth: { weekOverWeek: growth(views(week, c.id), views(previousWeek, c.id)), monthOverMonth: growth(views(month, c.id), views(previousMonth, c.id)) },
    };
  });
  const totals = headline(sum(current.values()));
  const previousTotals = headline(sum(previousCounts.values()));
  return {
    range: rangeOf(scoped),
    previousRange: rangeOf(before),
    clients: rows,
    totals: { ...totals, previous: previousTotals, change: change(totals, previousTotals) },
  };
}

function sum(all: Iterable<Counts>) {
  const t = { views: 0, uniques: 0, clicks: 0, revenue: 0 };
  for (const c of all) {
    t.views += c.views;
    t.uniques += c.uniques;
    t.clicks += c.clicks;
    t.revenue += c.revenue;
  }
  return t;
}

// How well the two engines agree over a report (SPEC §9's definitions, from the rollups):
//   server tracking rate = views the browser confirmed that the server also stored / browser confirmations
//   client tracking rate = human server views the browser confirmed / human server views
// A rate with nothing to compare is 100 %.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { blockedHostCounts } from '../monitoring/csp-reports.js';
import { rangeOf, type Report } from './report.js';
import { totalCounts, type Counts } from './rollup-query.js';

export type DataQuality = 'excellent' | 'good' | 'warning';

/** Thresholds: the server must see what browsers saw; browsers lose some fans to blockers. */
export const QUALITY = {
  excellent: { server: 99, client: 80 },
  good: { server: 95, client: 50 },
} as const;

export function trackingRates(c: Counts) {
  const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.min(100, Math.round((part / whole) * 1000) / 10));
  const serverTrackingRate = percent(c.browserViewsStored, c.browserViews);
  const clientTrackingRate = percent(c.confirmedViews, c.views);
  const meets = (q: { server: number; client: number }) => serverTrackingRate >= q.server && clientTrackingRate >= q.client;
  const dataQuality: DataQuality = meets(QUALITY.excellent) ? 'excellent' : meets(QUALITY.good) ? 'good' : 'warning';
  return { serverTrackingRate, clientTrackingRate, dataQuality };
}

export async function performance(db: Kysely<Schema>, report: Report, now = Date.now()) {
  const c = await totalCounts(db, report);
  return {
    range: rangeOf(report),
    ...trackingRates(c),
    details: { humanViews: c.views, confirmedViews: c.confirmedViews, browserViews: c.browserViews, browserViewsStored: c.browserViewsStored },
    forwarding: await forwardingCounts(db, report),
    blockedByPolicy: await blockedByPolicy(db, report, now),
  };
}

const HOUR_MS = 3_600_000;
const BLOCKED_HOSTS_SHOWN = 20;

/**
 * What the pages' CSP blocked, per host (CSP violation reports of the report's clients, per client
 * and not per smartlink): reports in the last hour and the last 24 hours, whatever the range —
 * a blocked tag is a problem of now. Most reported in the last hour first.
 */
export async function blockedByPolicy(db: Kysely<Schema>, report: Report, now: number) {
  const [hour, day] = await Promise.all([HOUR_MS, 24 * HOUR_MS].map((windowMs) => blockedHostCounts(db, report.clientIds, windowMs, now)));
  const lastHour = new Map((hour ?? []).map((b) => [b.host, b.reports]));
  return (day ?? [])
    .map((b) => ({ host: b.host, lastHour: lastHour.get(b.host) ?? 0, last24Hours: b.reports }))
    .sort((a, b) => b.lastHour - a.lastHour || b.last24Hours - a.last24Hours || a.host.localeCompare(b.host))
    .slice(0, BLOCKED_HOSTS_SHOWN);
}

export interface ForwardingCounts {
  readonly sent: number;
  readonly pending: number;
  readonly dead: number;
  /** Not sent, by decision: no consent, the browser delivered it (GA4), bot, erased… */
  readonly skipped: number;
}

const FORWARDING_DESTINATIONS = ['ga4', 'meta', 'tiktok'] as const;

/**
 * Server-side forwarding per destination: the deliveries of the report's clients created within
 * its range, by state (from the delivery queue). Per client, not per smartlink.
 */
export async function forwardingCounts(db: Kysely<Schema>, report: Report): Promise<Record<(typeof FORWARDING_DESTINATIONS)[number], ForwardingCounts>> {
  const rows = report.clientIds.length === 0 ? [] : await db
    .selectFrom('deliveries')
    .select(['destination', 'state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('client_id', 'in', report.clientIds)
    .where('destination', 'in', FORWARDING_DESTINATIONS)
    .where('created_at', '>=', report.start)
    .where('created_at', '<', report.end)
    .groupBy(['destination', 'state'])
    .execute();
  const out = Object.fromEntries(FORWARDING_DESTINATIONS.map((d) => [d, { sent: 0, pending: 0, dead: 0, skipped: 0 }])) as Record<(typeof FORWARDING_DESTINATIONS)[number], { sent: number; pending: number; dead: number; skipped: number }>;
  for (const r of rows) out[r.destination as (typeof FORWARDING_DESTINATIONS)[number]][r.state] = Number(r.n);
  return out;
}

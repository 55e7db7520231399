// The dual engine's health over the last 24 hours, in the seed's shape. The two rates compare the
// engines with each other:
//   server tracking rate = browser-confirmed views the server also stored / browser-confirmed views
//   client tracking rate = human server views the browser confirmed / human server views
// A rate with nothing to compare is 100 %; `details` gives the counts behind both.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface TrackingHealth {
  readonly status: 'healthy' | 'warning';
  readonly stats: {
    readonly totalViews: number;
    readonly uniqueVisitors: number;
    readonly serverTrackingRate: string; // "99.9%"
    readonly clientTrackingRate: string;
  };
  readonly window: { readonly from: number; readonly to: number };
  readonly details: {
    readonly browserConfirmedViews: number;
    readonly browserConfirmedViewsStoredByServer: number;
    readonly serverViewsConfirmedByBrowser: number;
  };
}

/** The seed's threshold: below it, tracking needs a look. */
export const HEALTHY_SERVER_RATE = 95;
const DAY_MS = 86_400_000;

export async function trackingHealth(db: Kysely<Schema>, options: { clientId?: string; now?: number; windowMs?: number } = {}): Promise<TrackingHealth> {
  const to = options.now ?? Date.now();
  const from = to - (options.windowMs ?? DAY_MS);
  const inWindow = db
    .selectFrom('events')
    .where('ts', '>=', from)
    .where('ts', '<=', to)
    .$if(options.clientId !== undefined, (qb) => qb.where('client_id', '=', options.clientId as string));

  const [views, confirmations] = await Promise.all([
    inWindow
      .where('type', '=', 'view')
      .where('excluded_reason', 'is', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        // The one definition of a unique visitor (README): a visitor's first human view of a
        // smartlink in a UTC day, the flag the dashboards sum too.
        eb.fn.sum<number>('is_unique').as('visitors'),
        eb.fn.count<number>('client_confirmed_at').as('confirmed'),
      ])
      .executeTakeFirstOrThrow(),
    inWindow
      .where('type', '=', 'client')
      .where('service', 'is', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(sql<number>`case when exists (select 1 from events v where v.event_id = events.confirms and v.type = 'view') then 1 else 0 end`).as('stored'),
      ])
      .executeTakeFirstOrThrow(),
  ]);

  const totalViews = Number(views.total);
  const confirmed = Number(views.confirmed);
  const browserViews = Number(confirmations.total);
  const storedByServer = Number(confirmations.stored ?? 0);
  const serverRate = rate(storedByServer, browserViews);
  return {
    status: serverRate > HEALTHY_SERVER_RATE ? 'healthy' : 'warning',
    stats: {
      totalViews,
      uniqueVisitors: Number(views.visitors ?? 0),
      serverTrackingRate: `${serverRate.toFixed(1)}%`,
      clientTrackingRate: `${rate(confirmed, totalViews).toFixed(1)}%`,
    },
    window: { from, to },
    details: { browserConfirmedViews: browserViews, browserConfirmedViewsStoredByServer: storedByServer, serverViewsConfirmedByBrowser: confirmed },
  };
}

function rate(part: number, whole: number): number {
  return whole === 0 ? 100 : (part / whole) * 100;
}

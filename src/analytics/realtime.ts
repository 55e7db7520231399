// The live panel: the last five minutes, read from the raw events (indexed by client and time).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { smartlinkNames } from './smartlink-names.js';

export const REALTIME_WINDOW_MINUTES = 5;

export async function realtime(db: Kysely<Schema>, scope: { clientIds: readonly string[]; smartlinkId: string | null }, now = Date.now()) {
  const recent = db
    .selectFrom('events')
    .where('client_id', 'in', scope.clientIds.length > 0 ? [...scope.clientIds] : [''])
    .where('ts', '>', now - REALTIME_WINDOW_MINUTES * 60_000)
    .where('ts', '<=', now)
    .where('excluded_reason', 'is', null)
    .$if(scope.smartlinkId !== null, (qb) => qb.where('smartlink_id', '=', scope.smartlinkId as string));
  const [totals, top] = await Promise.all([
    recent
      .where('type', 'in', ['view', 'click'])
      .select((eb) => [
        eb.fn.count<number>('visitor_id').distinct().as('visitors'),
        eb.fn.sum<number>(eb.case().when('type', '=', 'view').then(1).else(0).end()).as('views'),
        eb.fn.sum<number>(eb.case().when('type', '=', 'click').then(1).else(0).end()).as('clicks'),
      ])
      .executeTakeFirstOrThrow(),
    recent.where('type', '=', 'view').select((eb) => ['smartlink_id', eb.fn.countAll<number>().as('views')]).groupBy('smartlink_id').orderBy('views', 'desc').limit(5).execute(),
  ]);
  const names = await smartlinkNames(db, top.map((t) => t.smartlink_id));
  return {
    windowMinutes: REALTIME_WINDOW_MINUTES,
    asOf: new Date(now).toISOString(),
    activeVisitors: Number(totals.visitors),
    currentViews: Number(totals.views ?? 0),
    clicks: Number(totals.clicks ?? 0),
    topSmartlinks: top.map((t) => ({
      smartlinkId: t.smartlink_id,
      slug: names.get(t.smartlink_id)?.slug ?? null,
      artistName: names.get(t.smartlink_id)?.artistName ?? null,
      trackTitle: names.get(t.smartlink_id)?.trackTitle ?? null,
      views: Number(t.views),
    })),
  };
}

// Folds the raw events of one client's local hour into rollup rows: per smartlink and client-wide
// ('*'), totals (dim '') and one row per dimension value. Pure: the rollup folder loads the events
// and writes what this returns.
import type { RollupsTable } from '../db/schema.js';
import { DIMENSIONS, type Dimension, type RollupEvent } from './dimensions.js';

export const ALL_SMARTLINKS = '*';

type Counts = Pick<RollupsTable, 'views' | 'uniques' | 'clicks' | 'revenue' | 'confirmed_views' | 'browser_views' | 'browser_views_stored'>;

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

export function aggregateBucket(clientId: string, bucket: number, events: readonly RollupEvent[]): RollupsTable[] {
  const rows = new Map<string, RollupsTable>();
  const row = (smartlinkId: string, dim: string, value: string): Counts => {
    const key = `${smartlinkId}\u0000${dim}\u0000${value}`;
    let r = rows.get(key);
    if (!r) {
      r = { client_id: clientId, smartlink_id: smartlinkId, dim, bucket, value, views: 0, uniques: 0, clicks: 0, revenue: 0, confirmed_views: 0, browser_views: 0, browser_views_stored: 0 };
      rows.set(key, r);
    }
    return r;
  };

  for (const e of events) {
    for (const level of [e.smartlink_id, ALL_SMARTLINKS]) {
      const totals = row(level, '', '');
      if (e.type === 'client') {
        if (e.service === null) totals.browser_views++; // a confirmation of a view (clicks' carry their service)
        continue;
      }
      if (e.type === 'view' && e.client_confirmed_at !== null) totals.browser_views_stored++;
      if (e.excluded_reason !== null) {
        count(row(level, 'excluded', e.excluded_reason), e, false);
        continue;
      }
      count(totals, e, true);
      if (level === ALL_SMARTLINKS) count(row(level, 'smartlink', e.smartlink_id), e, true);
      for (const dim of DIMENSION_NAMES) {
        if (dim === 'service' && e.type !== 'click') continue;
        count(row(level, dim, DIMENSIONS[dim](e)), e, true);
      }
    }
  }
  return [...rows.values()];
}

function count(r: Counts, e: RollupEvent, human: boolean): void {
  if (e.type === 'view') {
    r.views++;
    if (human && e.is_unique === 1) r.uniques++;
    if (human && e.client_confirmed_at !== null) r.confirmed_views++;
  } else if (e.type === 'click') {
    r.clicks++;
    if (human) r.revenue += e.revenue ?? 0;
  }
}

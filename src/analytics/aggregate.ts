// Turns events into rollup rows: per smartlink and client-wide ('*'), per local hour (and, summed
// from those, per local day), totals (dim '') and one row per dimension value. Each event is added (+1) or taken out (-1, the values it
// was folded with), so the rows are what to add to the stored ones. Rows that add nothing are left
// out. Pure: the rollup folder loads the events and writes what this returns.
import type { RollupsTable } from '../db/schema.js';
import { addCounts, isEmpty, noCounts, type RollupCounts } from './counts.js';
import { DIMENSIONS, type Dimension, type RollupEvent } from './dimensions.js';

export const ALL_SMARTLINKS = '*';

export interface Contribution {
  readonly event: RollupEvent;
  readonly sign: 1 | -1;
}

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** `bucketOf`: the start of the client's local hour holding a time. */
export function aggregateEvents(clientId: string, bucketOf: (ts: number) => number, contributions: readonly Contribution[]): RollupsTable[] {
  const rows = new Map<string, RollupsTable>();
  let bucket = 0;
  const row = (smartlinkId: string, dim: string, value: string): RollupCounts => {
    const key = `${bucket}\u0000${smartlinkId}\u0000${dim}\u0000${value}`;
    let r = rows.get(key);
    if (!r) {
      r = { client_id: clientId, smartlink_id: smartlinkId, dim, bucket, value, ...noCounts() };
      rows.set(key, r);
    }
    return r;
  };
  for (const { event: e, sign } of contributions) {
    bucket = bucketOf(e.ts);
    for (const level of [e.smartlink_id, ALL_SMARTLINKS]) {
      if (e.type === 'client') {
        if (e.service === null) row(level, '', '').browser_views += sign; // a confirmation of a view (clicks' carry their service)
        continue;
      }
      if (e.type === 'view' && e.client_confirmed_at !== null) row(level, '', '').browser_views_stored += sign;
      if (e.excluded_reason !== null) {
        count(row(level, 'excluded', e.excluded_reason), e, sign, false);
        continue;
      }
      count(row(level, '', ''), e, sign, true);
      if (level === ALL_SMARTLINKS) count(row(level, 'smartlink', e.smartlink_id), e, sign, true);
      for (const dim of DIMENSION_NAMES) {
        if (dim === 'service' && e.type !== 'click') continue;
        count(row(level, dim, DIMENSIONS[dim](e)), e, sign, true);
      }
    }
  }
  return [...rows.values()].filter((r) => !isEmpty(r));
}

function count(r: RollupCounts, e: RollupEvent, sign: number, human: boolean): void {
  if (e.type === 'view') {
    r.views += sign;
    if (human && e.is_unique === 1) r.uniques += sign;
    if (human && e.client_confirmed_at !== null) r.confirmed_views += sign;
  } else if (e.type === 'click') {
    r.clicks += sign;
    if (human) r.revenue += sign * (e.revenue ?? 0);
  }
}

/** The same rows per local day: `dayOf` gives the start of the day holding an hour. */
export function byDay(hours: readonly RollupsTable[], dayOf: (bucket: number) => number): RollupsTable[] {
  const days = new Map<string, RollupsTable>();
  for (const h of hours) {
    const bucket = dayOf(h.bucket);
    const key = `${bucket}\u0000${h.smartlink_id}\u0000${h.dim}\u0000${h.value}`;
    const d = days.get(key);
    if (!d) {
      days.set(key, { ...h, bucket });
      continue;
    }
    addCounts(d, h);
  }
  return [...days.values()].filter((r) => !isEmpty(r));
}

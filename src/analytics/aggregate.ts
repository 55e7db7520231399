// Turns events into rollup rows: per smartlink and client-wide ('*'), per local hour (and, summed
// from those, per local day), totals (dim '') and one row per dimension value. Each event is added
// (+1) or taken out (-1, the values it was folded with), so the rows are what to add to the stored
// ones. Rows that add nothing are left out. Pure: rollup-writer.ts gives it the events and writes
// what it returns. Counted in nested maps (hour, smartlink, dim, value), no key strings built: a
// rebuild runs this for every stored event.
import type { RollupsTable } from '../db/schema.js';
import { addCounts, isEmpty, noCounts, type RollupCounts } from './counts.js';
import { DIMENSIONS, type Dimension, type RollupEvent } from './dimensions.js';

export const ALL_SMARTLINKS = '*';

export interface Contribution {
  readonly event: RollupEvent;
  readonly sign: 1 | -1;
}

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];
const DIMENSION_VALUES = DIMENSION_NAMES.map((dim) => DIMENSIONS[dim]);
const SERVICE = DIMENSION_NAMES.indexOf('service');
/** The dims of one smartlink's rows: totals, exclusions, then each dimension (`smartlink` is client-wide only). */
const DIMS = ['', 'excluded', ...DIMENSION_NAMES];
const TOTALS = 0;
const EXCLUDED = 1;

/** One smartlink's counts in one bucket: for each of DIMS, by value. */
type Cells = Map<string, RollupCounts>[];

/** Counts by bucket (hour or day start), then smartlink. */
export type Counted = Map<number, Map<string, Cells>>;

/** `bucketOf`: the start of the client's local hour holding a time. Each event is counted in its smartlink's cells. */
export function countEvents(bucketOf: (ts: number) => number, contributions: readonly Contribution[]): Counted {
  const hours: Counted = new Map();
  for (const { event: e, sign } of contributions) {
    const cells = cellsOf(hours, bucketOf(e.ts), e.smartlink_id);
    if (e.type === 'client') {
      if (e.service === null) cell(cells, TOTALS, '').browser_views += sign; // a confirmation of a view (clicks' carry their service)
      continue;
    }
    if (e.type === 'view' && e.client_confirmed_at !== null) cell(cells, TOTALS, '').browser_views_stored += sign;
    if (e.excluded_reason !== null) {
      count(cell(cells, EXCLUDED, e.excluded_reason), e, sign, false);
      continue;
    }
    count(cell(cells, TOTALS, ''), e, sign, true);
    for (let d = 0; d < DIMENSION_VALUES.length; d++) {
      if (d === SERVICE && e.type !== 'click') continue;
      count(cell(cells, d + 2, (DIMENSION_VALUES[d] as (e: RollupEvent) => string)(e)), e, sign, true);
    }
  }
  return hours;
}

/** The same counts per local day: `dayOf` gives the start of the day holding an hour. */
export function byDay(hours: Counted, dayOf: (bucket: number) => number): Counted {
  const days: Counted = new Map();
  for (const [hour, bySmartlink] of hours) {
    const day = dayOf(hour);
    for (const [smartlinkId, cells] of bySmartlink) {
      const into = cellsOf(days, day, smartlinkId);
      for (const [d, values] of cells.entries()) for (const [value, counts] of values) addCounts(cell(into, d, value), counts);
    }
  }
  return days;
}

/**
 * The rows of these counts: each smartlink's, and client-wide ('*') their sums and a `smartlink`
 * row per smartlink (its totals without the browser's counts: a confirmation is not a view).
 */
export function rowsOf(clientId: string, counted: Counted): RollupsTable[] {
  const rows: RollupsTable[] = [];
  const add = (smartlinkId: string, dim: string, bucket: number, value: string, counts: RollupCounts) => {
    if (!isEmpty(counts)) rows.push({ client_id: clientId, smartlink_id: smartlinkId, dim, bucket, value, ...counts });
  };
  for (const [bucket, bySmartlink] of counted) {
    const clientWide: Cells = DIMS.map(() => new Map());
    for (const [smartlinkId, cells] of bySmartlink) {
      for (const [d, values] of cells.entries()) {
        for (const [value, counts] of values) {
          add(smartlinkId, DIMS[d] as string, bucket, value, counts);
          addCounts(cell(clientWide, d, value), counts);
        }
      }
      const totals = cells[TOTALS]?.get('');
      if (totals) add(ALL_SMARTLINKS, 'smartlink', bucket, smartlinkId, { ...totals, browser_views: 0, browser_views_stored: 0 });
    }
    for (const [d, values] of clientWide.entries()) for (const [value, counts] of values) add(ALL_SMARTLINKS, DIMS[d] as string, bucket, value, counts);
  }
  return rows;
}

function cellsOf(hours: Map<number, Map<string, Cells>>, bucket: number, smartlinkId: string): Cells {
  let bySmartlink = hours.get(bucket);
  if (!bySmartlink) hours.set(bucket, (bySmartlink = new Map()));
  let cells = bySmartlink.get(smartlinkId);
  if (!cells) bySmartlink.set(smartlinkId, (cells = DIMS.map(() => new Map())));
  return cells;
}

function cell(cells: Cells, dim: number, value: string): RollupCounts {
  const values = cells[dim] as Map<string, RollupCounts>;
  let counts = values.get(value);
  if (!counts) values.set(value, (counts = noCounts()));
  return counts;
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

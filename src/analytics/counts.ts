// The counts every rollup row holds, declared once: the table's columns, what a fold adds, what a
// report sums and when a row counts nothing all follow this list.
import type { RollupsTable } from '../db/schema.js';

export const COUNTS = ['views', 'uniques', 'clicks', 'revenue', 'confirmed_views', 'browser_views', 'browser_views_stored'] as const;

export type Count = (typeof COUNTS)[number];
export type RollupCounts = Pick<RollupsTable, Count>;

export function noCounts(): RollupCounts {
  return { views: 0, uniques: 0, clicks: 0, revenue: 0, confirmed_views: 0, browser_views: 0, browser_views_stored: 0 };
}

// Spelled out: this runs for every rollup cell of every fold.
export function addCounts(to: RollupCounts, from: RollupCounts): void {
  to.views += from.views;
  to.uniques += from.uniques;
  to.clicks += from.clicks;
  to.revenue += from.revenue;
  to.confirmed_views += from.confirmed_views;
  to.browser_views += from.browser_views;
  to.browser_views_stored += from.browser_views_stored;
}

/** Counts nothing: revenue is a sum of decimals, zero within a millionth of a cent. */
export function isEmpty(r: RollupCounts): boolean {
  return COUNTS.every((c) => (c === 'revenue' ? Math.abs(r.revenue) < 1e-8 : r[c] === 0));
}

// What the rollups must hold for a client, read three ways: the rollup tables as they are, the
// rows a rebuild from the raw events writes, and a direct count of the raw `events` table — per
// smartlink and client-wide ('*'), summed over time: views, unique visitors, clicks, revenue and
// confirmed views of human traffic, views and clicks of excluded traffic by reason.
import type { Context } from '../../src/context.js';
import { scheduleRebuild } from '../../src/analytics/rollup-folder.js';
import type { EventRow, RollupsTable } from '../../src/db/schema.js';

export const ROLLUP_TABLES = ['rollups', 'rollups_daily'] as const;

export interface Totals {
  views: number;
  uniques: number;
  clicks: number;
  revenue: number;
  confirmed_views: number;
}

/** "smartlink|dim|value" → totals; dim '' (human traffic) or 'excluded' (value: the reason). */
export type TotalsByRow = Record<string, Totals>;

const ZERO: Totals = { views: 0, uniques: 0, clicks: 0, revenue: 0, confirmed_views: 0 };

/** Revenue is a sum of decimals: compared to a millionth. */
const rounded = (revenue: number) => Math.round(revenue * 1e6) / 1e6;

function finish(rows: Map<string, Totals>): TotalsByRow {
  const out: TotalsByRow = {};
  for (const [key, t] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const r = { ...t, revenue: rounded(t.revenue) };
    if (r.views + r.uniques + r.clicks + r.confirmed_views !== 0 || r.revenue !== 0) out[key] = r;
  }
  return out;
}

/** The direct count, from a client's raw events. */
export function totalsFromEvents(events: readonly EventRow[]): TotalsByRow {
  const rows = new Map<string, Totals>();
  const add = (key: string, counts: Partial<Totals>) => {
    const t = rows.get(key) ?? { ...ZERO };
    for (const [name, n] of Object.entries(counts) as [keyof Totals, number][]) t[name] += n;
    rows.set(key, t);
  };
  for (const e of events) {
    if (e.type === 'client') continue; // browser confirmations are counted on the event they confirm
    const view = e.type === 'view' ? 1 : 0;
    const click = e.type === 'click' ? 1 : 0;
    for (const level of [e.smartlink_id, '*']) {
      if (e.excluded_reason !== null) {
        add(`${level}|excluded|${e.excluded_reason}`, { views: view, clicks: click });
        continue;
      }
      add(`${level}||`, {
        views: view,
        uniques: view && Number(e.is_unique === 1),
        clicks: click,
        revenue: click * (e.revenue ?? 0),
        confirmed_views: view && Number(e.client_confirmed_at !== null),
      });
    }
  }
  return finish(rows);
}

/** The same totals, summed from a rollup table's rows. */
export async function totalsFromRollups(ctx: Context, clientId: string, table: (typeof ROLLUP_TABLES)[number]): Promise<TotalsByRow> {
  const stored = await ctx.database.db.selectFrom(table).selectAll().where('client_id', '=', clientId).where('dim', 'in', ['', 'excluded']).execute();
  const rows = new Map<string, Totals>();
  for (const r of stored) {
    const key = `${r.smartlink_id}|${r.dim}|${r.value}`;
    const t = rows.get(key) ?? { ...ZERO };
    for (const name of Object.keys(ZERO) as (keyof Totals)[]) t[name] += Number(r[name]);
    rows.set(key, t);
  }
  return finish(rows);
}

/** Every rollup row of a client, both levels, in key order (revenue to a millionth). */
export async function rollupRows(ctx: Context, clientId: string): Promise<Record<string, RollupsTable[]>> {
  const out: Record<string, RollupsTable[]> = {};
  for (const table of ROLLUP_TABLES) {
    const rows = await ctx.database.db.selectFrom(table).selectAll().where('client_id', '=', clientId).orderBy(['smartlink_id', 'dim', 'bucket', 'value']).execute();
    out[table] = rows.map((r) => ({ ...r, revenue: rounded(Number(r.revenue)) }));
  }
  return out;
}

/** The rows a rebuild of the client's rollups from its raw events writes (the rollups are then rebuilt). */
export async function rebuiltRows(ctx: Context, clientId: string): Promise<Record<string, RollupsTable[]>> {
  await ctx.database.db.transaction().execute((trx) => scheduleRebuild(ctx.database, trx, clientId));
  await ctx.rollups.fold();
  return rollupRows(ctx, clientId);
}

// Sums of rollup rows over a report: in total, per bucket, or per dimension value. Identical SQL
// on SQLite and PostgreSQL; the primary key (client, level, dim, bucket, value) serves all three.
// Whole local days are read from the day rows when the report's days are its clients' own.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { COUNTS, type RollupCounts } from './counts.js';
import type { RollupTable } from './rollup-writer.js';
import { rollupLevel, type Report } from './report.js';

export interface Counts {
  readonly views: number;
  readonly uniques: number;
  readonly clicks: number;
  readonly revenue: number;
  readonly confirmedViews: number;
  readonly browserViews: number;
  readonly browserViewsStored: number;
}

export const NO_COUNTS: Counts = { views: 0, uniques: 0, clicks: 0, revenue: 0, confirmedViews: 0, browserViews: 0, browserViewsStored: 0 };

/** The rows a report of whole days reads: its clients' day rows when those are its days. */
export function dayTable(report: Report): RollupTable {
  return report.localDays ? 'rollups_daily' : 'rollups';
}

function rows(db: Kysely<Schema>, report: Report, dim: string, table: RollupTable = dayTable(report)) {
  return db
    .selectFrom(table)
    .where('client_id', 'in', report.clientIds.length > 0 ? [...report.clientIds] : [''])
    .where('smartlink_id', '=', rollupLevel(report))
    .where('dim', '=', dim)
    .where('bucket', '>=', report.start)
    .where('bucket', '<', report.end)
    .select(COUNTS.map((c) => sql<number | null>`sum(${sql.ref(c)})`.as(c)));
}

type SumRow = { [C in keyof RollupCounts]: number | null };

function counts(r: SumRow): Counts {
  return {
    views: Number(r.views ?? 0),
    uniques: Number(r.uniques ?? 0),
    clicks: Number(r.clicks ?? 0),
    revenue: Math.round(Number(r.revenue ?? 0) * 100) / 100,
    confirmedViews: Number(r.confirmed_views ?? 0),
    browserViews: Number(r.browser_views ?? 0),
    browserViewsStored: Number(r.browser_views_stored ?? 0),
  };
}

export async function totalCounts(db: Kysely<Schema>, report: Report): Promise<Counts> {
  return counts(await rows(db, report, '').executeTakeFirstOrThrow());
}

/** Per local hour, or per bucket of the day rows (a day's start, or its hours when the day rows are not the report's days). */
export async function countsByBucket(db: Kysely<Schema>, report: Report, interval: 'hour' | 'day'): Promise<Map<number, Counts>> {
  const result = await rows(db, report, '', interval === 'hour' ? 'rollups' : dayTable(report)).select('bucket').groupBy('bucket').execute();
  return new Map(result.map((r) => [Number(r.bucket), counts(r)]));
}

/** Counts per value of a dimension, most viewed first (then most clicked). */
export async function countsByValue(db: Kysely<Schema>, report: Report, dim: string): Promise<(Counts & { value: string })[]> {
  const result = await rows(db, report, dim).select('value').groupBy('value').execute();
  return result.map((r) => ({ value: r.value, ...counts(r) })).sort((a, b) => b.views - a.views || b.clicks - a.clicks || (a.value < b.value ? -1 : 1));
}

/** Counts per client over the report's days (for the master view: the same UTC days for every client, from the hour rows). */
export async function countsByClient(db: Kysely<Schema>, report: Report): Promise<Map<string, Counts>> {
  const result = await rows(db, report, '', 'rollups').select('client_id').groupBy('client_id').execute();
  return new Map(result.map((r) => [r.client_id, counts(r)]));
}

export function clickThroughRate(c: Pick<Counts, 'views' | 'clicks'>): number {
  return c.views === 0 ? 0 : Math.round((c.clicks / c.views) * 10_000) / 10_000;
}

// CSV export: one row per local day × smartlink (× dimension value when one is asked for).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { ALL_SMARTLINKS } from './aggregate.js';
import type { Breakdown } from './dimensions.js';
import type { Report } from './report.js';
import { clickThroughRate, dayTable } from './rollup-query.js';
import { smartlinkNames } from './smartlink-names.js';
import { dayIndex, daysOf } from './time-zone.js';

export async function exportCsv(db: Kysely<Schema>, report: Report, dimension: Exclude<Breakdown, 'smartlink'> | null): Promise<string> {
  const { days } = daysOf(report.from, report.to, report.timeZone);
  const rows = await db
    .selectFrom(dayTable(report))
    .select(['smartlink_id', 'bucket', 'value', 'views', 'uniques', 'clicks', 'revenue'])
    .where('client_id', 'in', report.clientIds.length > 0 ? [...report.clientIds] : [''])
    .where('smartlink_id', report.smartlinkId ? '=' : '!=', report.smartlinkId ?? ALL_SMARTLINKS)
    .where('dim', '=', dimension ?? '')
    .where('bucket', '>=', report.start)
    .where('bucket', '<', report.end)
    .execute();

  const lines = new Map<string, { day: number; smartlinkId: string; value: string; views: number; uniques: number; clicks: number; revenue: number }>();
  for (const r of rows) {
    const day = dayIndex(days, Number(r.bucket));
    const key = `${day}\u0000${r.smartlink_id}\u0000${r.value}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { day, smartlinkId: r.smartlink_id, value: r.value, views: 0, uniques: 0, clicks: 0, revenue: 0 }));
    line.views += Number(r.views);
    line.uniques += Number(r.uniques);
    line.clicks += Number(r.clicks);
    line.revenue += Number(r.revenue);
  }
  const names = await smartlinkNames(db, [...new Set([...lines.values()].map((l) => l.smartlinkId))]);
  const sorted = [...lines.values()].sort(
    (a, b) => a.day - b.day || compare(names.get(a.smartlinkId)?.slug ?? a.smartlinkId, names.get(b.smartlinkId)?.slug ?? b.smartlinkId) || b.views - a.views || compare(a.value, b.value),
  );

  const header = ['date', 'smartlink_id', 'slug', ...(dimension ? [dimension] : []), 'views', 'unique_visitors', 'clicks', 'click_through_rate', 'revenue'];
  const out = [header.join(',')];
  for (const l of sorted) {
    out.push(
      [
        (days[l.day] as { date: string }).date,
        l.smartlinkId,
        names.get(l.smartlinkId)?.slug ?? '',
        ...(dimension ? [l.value] : []),
        l.views,
        l.uniques,
        l.clicks,
        clickThroughRate(l),
        Math.round(l.revenue * 100) / 100,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${out.join('\r\n')}\r\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 4180 quoting; a text starting like a formula is prefixed with ' so spreadsheets show it as text. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// What a report covers: whose data (clients, maybe one smartlink), which local days, in which zone.
// Every analytics query takes one of these.
import { addDays, DATE_YEARS, daysBetween, isValidDate, localTime, startOfDay, nextDate } from './time-zone.js';
import { ALL_SMARTLINKS } from './aggregate.js';

export interface Report {
  readonly clientIds: readonly string[];
  readonly smartlinkId: string | null;
  readonly timeZone: string;
  /** Every client's own time zone is `timeZone`: their day rollups are this report's days. */
  readonly localDays: boolean;
  readonly from: string; // YYYY-MM-DD, local, inclusive
  readonly to: string;
  readonly start: number; // first instant of `from`
  readonly end: number; // first instant after `to`
}

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 760;

export class InvalidReport extends Error {}

/** The days of a report: `from`/`to` as given, else the last 30 days ending today (in the zone). */
export function reportDays(
  timeZone: string,
  input: { from?: string; to?: string },
  now = Date.now(),
  { maxDays = MAX_DAYS }: { maxDays?: number | null } = {},
): Pick<Report, 'from' | 'to' | 'start' | 'end'> {
  for (const [name, value] of [['from', input.from], ['to', input.to]] as const) {
    if (value !== undefined && !isValidDate(value)) throw new InvalidReport(`${name}: a date like 2026-11-24, in the years ${DATE_YEARS.first} to ${DATE_YEARS.last}`);
  }
  const to = input.to ?? (input.from ? addDays(input.from, DEFAULT_DAYS - 1) : localTime(now, timeZone).date);
  const from = input.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new InvalidReport('from: must not be after to');
  if (maxDays !== null && daysBetween(from, to) + 1 > maxDays) throw new InvalidReport(`from/to: at most ${maxDays} days`);
  return { from, to, start: startOfDay(from, timeZone), end: startOfDay(nextDate(to), timeZone) };
}

/** The rollup level a report reads: one smartlink's rows, or the client-wide ones. */
export function rollupLevel(report: Report): string {
  return report.smartlinkId ?? ALL_SMARTLINKS;
}

export function rangeOf(report: Report) {
  return { from: report.from, to: report.to, timeZone: report.timeZone, start: new Date(report.start).toISOString(), end: new Date(report.end).toISOString() };
}

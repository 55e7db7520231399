// The first instants of clients' local days and hours, remembered per zone and date: an import
// converts each date once, however many of its rows name it (each conversion is a few dozen Intl
// calls). A day row needs the day's start only; the starts of a date's 24 hours are worked out
// when a row names one of them. Both memories are bounded (the least recently used date goes
// first), so an import of many distinct dates costs no more than converting each of them.
import { LRUCache } from 'lru-cache';
import { localTime, startOfDay } from '../analytics/time-zone.js';

const HOUR_MS = 3_600_000;

export interface LocalPeriods {
  /** The first instant of local day `date` in the zone. */
  day(date: string, timeZone: string): number;
  /** The first instant of local hour `hour` of `date` in the zone; null when the zone skips it (daylight saving). */
  hour(date: string, hour: number, timeZone: string): number | null;
}

interface LocalDate {
  readonly date: string;
  readonly timeZone: string;
}

export interface LocalPeriodsOptions {
  /** Dates remembered, in each memory (their starts; their hour starts): default 50,000, a few MB. */
  readonly maxDates?: number;
}

export function localPeriods({ maxDates = 50_000 }: LocalPeriodsOptions = {}): LocalPeriods {
  const days = new LRUCache<string, number, LocalDate>({ max: maxDates, memoMethod: (_, __, { context }) => startOfDay(context.date, context.timeZone) });
  const day = (date: string, timeZone: string) => days.memo(`${timeZone}|${date}`, { context: { date, timeZone } });
  const hourTables = new LRUCache<string, readonly (number | null)[], LocalDate>({
    max: maxDates,
    memoMethod: (_, __, { context }) => hoursOf(context.date, day(context.date, context.timeZone), context.timeZone),
  });
  return {
    day,
    hour: (date, hour, timeZone) => hourTables.memo(`${timeZone}|${date}`, { context: { date, timeZone } })[hour] ?? null,
  };
}

/** The first instant of each of the 24 local hours of the day starting at `start` (null when skipped). */
function hoursOf(date: string, start: number, timeZone: string): (number | null)[] {
  const hours: (number | null)[] = Array.from({ length: 24 }, () => null);
  for (let t = start; ; t += HOUR_MS) {
    const local = localTime(t, timeZone);
    if (local.date !== date) break;
    hours[local.hour] ??= t;
  }
  return hours;
}

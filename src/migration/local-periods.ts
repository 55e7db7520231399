// The first instants of clients' local days and hours, worked out once per zone and date: an
// import of 200,000 rows then converts a few hundred dates, not 200,000 (each conversion is a few
// Intl calls, about a quarter of a millisecond).
import { localTime, startOfDay } from '../analytics/time-zone.js';

const HOUR_MS = 3_600_000;

export interface LocalPeriods {
  /** The first instant of local day `date` in the zone. */
  day(date: string, timeZone: string): number;
  /** The first instant of local hour `hour` of `date` in the zone; null when the zone skips it (daylight saving). */
  hour(date: string, hour: number, timeZone: string): number | null;
}

export function localPeriods(): LocalPeriods {
  const days = new Map<string, { start: number; hours: readonly (number | null)[] }>();
  const of = (date: string, timeZone: string) => {
    const key = `${timeZone}|${date}`;
    let day = days.get(key);
    if (!day) days.set(key, (day = dayOf(date, timeZone)));
    return day;
  };
  return {
    day: (date, timeZone) => of(date, timeZone).start,
    hour: (date, hour, timeZone) => of(date, timeZone).hours[hour] ?? null,
  };
}

/** The day's start and the first instant of each of its 24 local hours (null when skipped). */
function dayOf(date: string, timeZone: string): { start: number; hours: (number | null)[] } {
  const start = startOfDay(date, timeZone);
  const hours: (number | null)[] = Array.from({ length: 24 }, () => null);
  for (let t = start; ; t += HOUR_MS) {
    const local = localTime(t, timeZone);
    if (local.date !== date) break;
    hours[local.hour] ??= t;
  }
  return { start, hours };
}

// Reporting time zones. Rollup buckets are the client's local hours; their starts are whole UTC
// hours shifted by the zone's minutes (Asia/Kolkata's hours start at hh:30 UTC). A zone whose
// minutes change with daylight saving (Lord Howe Island) has no fixed hours and is refused.
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  readonly date: string; // YYYY-MM-DD
  readonly hour: number;
  readonly minute: number;
}

export function localTime(ts: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ts)) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** Minutes the zone is ahead of UTC at `ts` (to the minute: no zone in use has seconds). */
function offsetMinutes(ts: number, timeZone: string): number {
  const t = localTime(ts, timeZone);
  const [y, m, d] = t.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, t.hour, t.minute);
  return Math.round((asUtc - Math.floor(ts / 60_000) * 60_000) / 60_000);
}

/** Null when the name is a valid reporting zone; otherwise why not. */
export function reportingTimeZoneProblem(timeZone: string): string | null {
  try {
    formatter(timeZone);
  } catch {
    return `"${timeZone}" is not an IANA time zone`;
  }
  const year = new Date().getUTCFullYear();
  const minutes = [0, 3, 6, 9].map((month) => ((offsetMinutes(Date.UTC(year, month, 1), timeZone) % 60) + 60) % 60);
  if (new Set(minutes).size > 1) return `"${timeZone}" changes its minutes with daylight saving: reports need whole local hours`;
  return null;
}

/** Milliseconds past the UTC hour at which the zone's local hours start. */
export function hourAlignment(timeZone: string): number {
  const minutes = ((-offsetMinutes(Date.UTC(2000, 0, 1), timeZone) % 60) + 60) % 60;
  return minutes * 60_000;
}

/** Start of the local hour containing `ts`. */
export function bucketStart(ts: number, alignment: number): number {
  return ts - ((((ts - alignment) % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/** The local-hour buckets overlapping the UTC hour starting at `hour` (one, or two when the zone is offset by minutes). */
export function bucketsOfUtcHour(hour: number, alignment: number): number[] {
  return alignment === 0 ? [hour] : [bucketStart(hour, alignment), bucketStart(hour + HOUR_MS - 1, alignment)];
}

export function utcHour(ts: number): number {
  return ts - (ts % HOUR_MS);
}

/** The first instant of the local day `date` (YYYY-MM-DD): midnight, or later where midnight is skipped. */
export function startOfDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const alignment = hourAlignment(timeZone);
  // Zones are between UTC−12 and UTC+14: the day starts within this window, on a bucket start.
  let t = bucketStart(Date.UTC(y, m - 1, d) - 14 * HOUR_MS, alignment);
  while (localTime(t, timeZone).date < date) t += HOUR_MS;
  return t;
}

/** The local date after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const ms = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / DAY_MS);
}

/** The years a date may fall in: from the Unix epoch, and far enough from 9999 that the day after, or a range's end, still has four digits. */
export const DATE_YEARS = { first: 1970, last: 2999 } as const;

/** A real calendar day (YYYY-MM-DD) within DATE_YEARS. */
export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= DATE_YEARS.first && y <= DATE_YEARS.last && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Each local day from `from` to `to` (inclusive) with its first instant, and the instant after the last. */
export function daysOf(from: string, to: string, timeZone: string): { days: { date: string; start: number }[]; end: number } {
  const days: { date: string; start: number }[] = [];
  let date = from;
  let start = startOfDay(from, timeZone);
  for (;;) {
    days.push({ date, start });
    const next = nextDate(date);
    start = nextStart(start, next, timeZone);
    if (date === to) return { days, end: start };
    date = next;
  }
}

/** The first instant of `date`, given the start of the day before: about a day later, give or take daylight saving. */
function nextStart(previousStart: number, date: string, timeZone: string): number {
  let t = previousStart + DAY_MS;
  while (localTime(t, timeZone).date >= date && localTime(t - HOUR_MS, timeZone).date >= date) t -= HOUR_MS;
  while (localTime(t, timeZone).date < date) t += HOUR_MS;
  return t;
}

/** Which of `days` (from daysOf) an instant belongs to: the last one starting at or before it. */
export function dayIndex(days: readonly { start: number }[], bucket: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((days[mid] as { start: number }).start <= bucket) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

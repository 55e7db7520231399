import { describe, expect, it } from 'vitest';
import { bucketStart, bucketsOfUtcHour, daysOf, hourAlignment, reportingTimeZoneProblem, startOfDay } from './time-zone.js';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('reporting time zones', () => {
  it.each([
    ['UTC', 0],
    ['Europe/Paris', 0],
    ['America/New_York', 0],
    ['Asia/Kolkata', 30],
    ['America/St_Johns', 30],
    ['Asia/Kathmandu', 15],
  ])('%s: local hours start %i minutes past the UTC hour', (zone, minutes) => {
    expect(reportingTimeZoneProblem(zone)).toBeNull();
    expect(hourAlignment(zone)).toBe(minutes * 60_000);
  });

  it.each([
    ['Mars/Olympus', 'is not an IANA time zone'],
    ['Australia/Lord_Howe', 'changes its minutes with daylight saving'],
  ])('refuses %s', (zone, problem) => {
    expect(reportingTimeZoneProblem(zone)).toContain(problem);
  });

  it('buckets an instant into its local hour', () => {
    expect(bucketStart(utc('2026-11-24T10:59:59.999Z'), 0)).toBe(utc('2026-11-24T10:00:00Z'));
    expect(bucketStart(utc('2026-11-24T10:29:00Z'), 30 * 60_000)).toBe(utc('2026-11-24T09:30:00Z'));
    expect(bucketStart(utc('2026-11-24T10:30:00Z'), 30 * 60_000)).toBe(utc('2026-11-24T10:30:00Z'));
    expect(bucketsOfUtcHour(utc('2026-11-24T10:00:00Z'), 30 * 60_000)).toEqual([utc('2026-11-24T09:30:00Z'), utc('2026-11-24T10:30:00Z')]);
  });

  it.each([
    ['UTC', '2026-11-24', '2026-11-24T00:00:00Z'],
    ['Europe/Paris', '2026-11-24', '2026-11-23T23:00:00Z'],
    ['Europe/Paris', '2026-07-01', '2026-06-30T22:00:00Z'],
    ['Asia/Kolkata', '2026-11-24', '2026-11-23T18:30:00Z'],
    ['America/New_York', '2026-11-24', '2026-11-24T05:00:00Z'],
    ['Pacific/Kiritimati', '2026-11-24', '2026-11-23T10:00:00Z'],
    ['Pacific/Pago_Pago', '2026-11-24', '2026-11-24T11:00:00Z'],
    // Santiago skips midnight when daylight saving starts (first Sunday of September 2026): the day starts at 01:00
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00Z'],
  ])('%s: %s starts at %s', (zone, date, iso) => {
    expect(startOfDay(date, zone)).toBe(utc(iso));
  });

  it('walks days across daylight saving: 23- and 25-hour days', () => {
    const { days, end } = daysOf('2026-03-28', '2026-03-30', 'Europe/Paris');
    expect(days.map((d) => d.start)).toEqual([utc('2026-03-27T23:00:00Z'), utc('2026-03-28T23:00:00Z'), utc('2026-03-29T22:00:00Z')]);
    expect(end).toBe(utc('2026-03-30T22:00:00Z'));
    const autumn = daysOf('2026-10-25', '2026-10-25', 'Europe/Paris');
    expect(autumn.end - autumn.days[0]!.start).toBe(25 * H);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';

// The conversions local-periods makes itself are counted; time-zone.js's own calls to localTime are not.
vi.mock('../analytics/time-zone.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../analytics/time-zone.js')>();
  return { ...real, localTime: vi.fn(real.localTime), startOfDay: vi.fn(real.startOfDay) };
});

const { addDays, localTime, startOfDay } = await import('../analytics/time-zone.js');
const { localPeriods } = await import('./local-periods.js');

const at = (iso: string) => Date.parse(iso);

// Australia/Lord_Howe (half an hour of daylight saving) is refused as a reporting zone, so no client has it.
describe('localPeriods: the first instants of local days and hours', () => {
  it.each([
    { name: 'Paris, spring forward: 02:00 is skipped', zone: 'Europe/Paris', date: '2026-03-29', day: '2026-03-28T23:00Z', hours: { 1: '2026-03-29T00:00Z', 2: null, 3: '2026-03-29T01:00Z', 23: '2026-03-29T21:00Z' } },
    { name: 'Paris, fall back: 02:00 comes twice, the first counts', zone: 'Europe/Paris', date: '2026-10-25', day: '2026-10-24T22:00Z', hours: { 2: '2026-10-25T00:00Z', 3: '2026-10-25T02:00Z' } },
    { name: 'New York, spring forward', zone: 'America/New_York', date: '2026-03-08', day: '2026-03-08T05:00Z', hours: { 2: null, 3: '2026-03-08T07:00Z' } },
    { name: 'New York, fall back', zone: 'America/New_York', date: '2026-11-01', day: '2026-11-01T04:00Z', hours: { 1: '2026-11-01T05:00Z', 2: '2026-11-01T07:00Z' } },
    { name: 'Kolkata, hours at half past', zone: 'Asia/Kolkata', date: '2026-11-24', day: '2026-11-23T18:30Z', hours: { 0: '2026-11-23T18:30Z', 14: '2026-11-24T08:30Z' } },
    { name: 'Kathmandu, hours at a quarter to', zone: 'Asia/Kathmandu', date: '2026-01-01', day: '2025-12-31T18:15Z', hours: { 5: '2025-12-31T23:15Z' } },
    { name: 'Havana, midnight skipped: the day starts at 01:00', zone: 'America/Havana', date: '2026-03-08', day: '2026-03-08T05:00Z', hours: { 0: null, 1: '2026-03-08T05:00Z' } },
    { name: 'Apia, a day skipped: the next one’s start, no hours', zone: 'Pacific/Apia', date: '2011-12-30', day: '2011-12-30T10:00Z', hours: { 0: null, 12: null } },
  ])('$name', ({ zone, date, day, hours }) => {
    const periods = localPeriods();
    expect(periods.day(date, zone)).toBe(at(day));
    for (const [hour, start] of Object.entries(hours)) expect([hour, periods.hour(date, Number(hour), zone)]).toEqual([hour, start === null ? null : at(start)]);
  });

  it.each(['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'America/Havana', 'UTC'])('gives startOfDay’s answer for every day of 2026 in %s, and hours that start there', (zone) => {
    const periods = localPeriods();
    for (let i = 0; i < 365; i++) {
      const date = addDays('2026-01-01', i);
      expect([date, periods.day(date, zone)]).toEqual([date, startOfDay(date, zone)]);
      if (i % 7 !== 0) continue;
      for (let hour = 0; hour < 24; hour++) {
        const start = periods.hour(date, hour, zone);
        if (start === null) continue;
        expect([date, hour, localTime(start, zone)]).toEqual([date, hour, { date, hour, minute: 0 }]);
        expect(localTime(start - 3_600_000, zone)).not.toMatchObject({ date, hour });
      }
    }
  });
});

describe('localPeriods: the work per row', () => {
  beforeEach(() => vi.clearAllMocks());

  it('converts a day row’s date once, and works out no hours for it', () => {
    const periods = localPeriods();
    for (let round = 0; round < 5; round++) for (const date of ['2026-11-24', '2026-11-25', '2026-11-26']) periods.day(date, 'Europe/Paris');
    expect(vi.mocked(startOfDay)).toHaveBeenCalledTimes(3);
    expect(vi.mocked(localTime)).not.toHaveBeenCalled();
  });

  it('works out a date’s hours once, when a row names one of them', () => {
    const periods = localPeriods();
    for (let hour = 0; hour < 24; hour++) periods.hour('2026-11-24', hour, 'Europe/Paris');
    periods.day('2026-11-24', 'Europe/Paris');
    expect(vi.mocked(startOfDay)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(localTime)).toHaveBeenCalledTimes(25); // each hour of the day, and the next day's first
  });

  it('remembers at most maxDates dates, forgetting the least recently used first', () => {
    const periods = localPeriods({ maxDates: 2 });
    for (const date of ['2026-01-01', '2026-01-02', '2026-01-01', '2026-01-03', '2026-01-01']) periods.day(date, 'UTC');
    expect(vi.mocked(startOfDay)).toHaveBeenCalledTimes(3);
    periods.day('2026-01-02', 'UTC');
    expect(vi.mocked(startOfDay)).toHaveBeenCalledTimes(4);
  });
});

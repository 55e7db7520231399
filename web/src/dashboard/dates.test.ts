import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDate, today } from './dates';

describe('calendar dates in a reporting time zone', () => {
  const instant = new Date('2026-11-24T23:30:00Z');
  it.each([
    ['UTC', '2026-11-24'],
    ['Europe/Paris', '2026-11-25'], // already tomorrow
    ['America/Los_Angeles', '2026-11-24'],
    ['Not/AZone', '2026-11-24'], // unknown to the browser: UTC
  ])('today in %s is %s', (zone, expected) => expect(today(zone, instant)).toBe(expected));

  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-24', -29, '2026-10-26'],
  ])('%s %+d days is %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));

  it('counts days with both ends included, across a daylight-saving change', () => {
    expect(daysBetween('2026-11-24', '2026-11-24')).toBe(1);
    expect(daysBetween('2026-03-20', '2026-04-05')).toBe(17);
  });

  it.each([
    ['2026-11-24', true],
    ['2026-13-01', false],
    ['24/11/2026', false],
    ['', false],
    [null, false],
  ])('isDate(%s) is %s', (value, expected) => expect(isDate(value)).toBe(expected));
});

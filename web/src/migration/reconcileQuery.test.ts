import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, reconcileQuery, type WindowChoice } from './reconcileQuery';

const t = (key: string) => key;
const days = (from: string, to: string): WindowChoice => ({ ...DEFAULT_WINDOW, kind: 'days', from, to });

describe('reconcileQuery', () => {
  it.each([
    ['the default: the last 48 hours by day, ±2 %', DEFAULT_WINDOW, { granularity: 'day', tolerance: 2, hours: 48 }],
    ['today alone, by hour', { ...days('2026-12-07', '2026-12-07'), granularity: 'hour' as const }, { granularity: 'hour', tolerance: 2, from: '2026-12-07', to: '2026-12-07' }],
    ['a decimal tolerance', { ...DEFAULT_WINDOW, tolerance: '0.5' }, { granularity: 'day', tolerance: 0.5, hours: 48 }],
  ])('asks for %s', (_name, choice, query) => {
    expect(reconcileQuery(choice, t)).toEqual({ query, problems: {} });
  });

  it.each([
    ['no hours', { ...DEFAULT_WINDOW, hours: '' }, { hours: 'window.hoursInvalid' }],
    ['a fraction of an hour', { ...DEFAULT_WINDOW, hours: '1.5' }, { hours: 'window.hoursInvalid' }],
    ['more than 31 days of hours', { ...DEFAULT_WINDOW, hours: '745' }, { hours: 'window.hoursInvalid' }],
    ['no first day', days('', '2026-12-07'), { from: 'window.dayInvalid' }],
    ['a last day before the first', days('2026-12-07', '2026-12-06'), { to: 'window.toBeforeFrom' }],
    ['no tolerance', { ...DEFAULT_WINDOW, tolerance: ' ' }, { tolerance: 'window.toleranceInvalid' }],
    ['a tolerance over 100', { ...DEFAULT_WINDOW, tolerance: '101' }, { tolerance: 'window.toleranceInvalid' }],
  ])('refuses %s, on its field', (_name, choice, problems) => {
    expect(reconcileQuery(choice, t)).toEqual({ query: null, problems });
  });

  it('ignores the hours when days are chosen', () => {
    expect(reconcileQuery({ ...days('2026-12-01', '2026-12-07'), hours: 'x' }, t).query).toEqual({ granularity: 'day', tolerance: 2, from: '2026-12-01', to: '2026-12-07' });
  });
});

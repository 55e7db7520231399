import { describe, expect, it } from 'vitest';
import { today, addDays } from './dates';
import { readFilters } from './filters';

const read = (query: string, zone = 'UTC') => readFilters(new URLSearchParams(query), zone);

describe('dashboard filters read from the URL', () => {
  const end = today('UTC');

  it.each([
    ['', '30d', 29],
    ['period=today', 'today', 0],
    ['period=7d', '7d', 6],
    ['period=90d', '90d', 89],
    ['period=weird', '30d', 29],
  ])('"%s" is the preset %s ending today', (query, preset, back) => {
    expect(read(query)).toMatchObject({ preset, from: addDays(end, -back), to: end });
  });

  it('takes a custom range only when both dates are valid and in order', () => {
    expect(read('period=custom&from=2026-01-01&to=2026-01-31')).toMatchObject({ preset: 'custom', from: '2026-01-01', to: '2026-01-31' });
    expect(read('period=custom&from=2026-02-01&to=2026-01-31').preset).toBe('30d');
    expect(read('period=custom&from=2026-01-01').preset).toBe('30d');
  });

  it('points by hour for today and when asked, never over more than 31 days', () => {
    expect(read('period=today').interval).toBe('hour');
    expect(read('period=7d').interval).toBe('day');
    expect(read('period=7d&interval=hour').interval).toBe('hour');
    expect(read('period=90d&interval=hour').interval).toBe('day');
    expect(read('period=today&interval=day').interval).toBe('day');
  });

  it('keeps a known breakdown dimension and the smartlink', () => {
    expect(read('by=country&smartlink=abc')).toMatchObject({ dimension: 'country', smartlinkId: 'abc' });
    expect(read('by=excluded').dimension).toBe('service');
    expect(read('').smartlinkId).toBeUndefined();
  });
});

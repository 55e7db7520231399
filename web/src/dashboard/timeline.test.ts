import { describe, expect, it } from 'vitest';
import { drawnRuns } from '../ui/charts/TimeChart';
import { chartPoints } from './timeline';

const hour = (h: number) => ({
  start: new Date(Date.UTC(2026, 11, 7, h - 1)).toISOString(), // Paris hours (UTC+1)
  label: `2026-12-07 ${String(h).padStart(2, '0')}:00`,
  views: h,
  uniqueVisitors: 1,
  clicks: 0,
  revenue: 0,
});
const today = Array.from({ length: 24 }, (_, h) => hour(h));

describe('the hours of today on the chart', () => {
  it.each([
    ['just after midnight: only 00:00 is drawn', Date.UTC(2026, 11, 6, 23, 5), 1],
    ['at 14:30 in Paris: 00:00 to 14:00', Date.UTC(2026, 11, 7, 13, 30), 15],
    ['on the hour: the hour that just began is drawn', Date.UTC(2026, 11, 7, 13, 0), 15],
    ['the day is over: all 24', Date.UTC(2026, 11, 8, 2), 24],
  ])('%s', (_, now, drawn) => {
    const points = chartPoints(today, now);
    expect(points).toHaveLength(24); // the axis keeps the whole day
    expect(points.filter((p) => p.values !== null)).toHaveLength(drawn);
    expect(points.slice(drawn).every((p) => p.values === null)).toBe(true);
    expect(drawnRuns(points)).toEqual([Array.from({ length: drawn }, (_, i) => i)]);
  });

  it('keeps each bucket’s values', () => {
    expect(chartPoints([hour(3)], Date.UTC(2026, 11, 8))[0]).toEqual({ label: '2026-12-07 03:00', values: { views: 3, uniqueVisitors: 1, clicks: 0 } });
  });
});

describe('drawnRuns', () => {
  const p = (drawn: boolean) => ({ label: '', values: drawn ? { v: 1 } : null });
  it.each([
    ['none', [], []],
    ['all', [p(true), p(true)], [[0, 1]]],
    ['a gap splits the line', [p(true), p(false), p(true), p(true)], [[0], [2, 3]]],
    ['nothing drawn', [p(false), p(false)], []],
  ])('%s', (_, points, runs) => expect(drawnRuns(points)).toEqual(runs));
});

import { describe, expect, it } from 'vitest';
import { growth } from './comparison.js';
import { csvField } from './export.js';
import { trackingRates } from './performance.js';
import { NO_COUNTS } from './rollup-query.js';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['São Paulo', 'São Paulo'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1', "'-1"],
    [0.25, '0.25'],
  ] as const)('%j → %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe('growth', () => {
  it.each([
    [120, 100, 20],
    [50, 100, -50],
    [10, 0, null],
    [0, 3, -100],
  ])('%i after %i: %s %', (current, previous, expected) => {
    expect(growth(current, previous)).toBe(expected);
  });
});

describe('trackingRates', () => {
  it.each([
    ['nothing to compare', {}, 100, 100, 'excellent'],
    ['all confirmed and stored', { views: 100, confirmedViews: 90, browserViews: 90, browserViewsStored: 90 }, 100, 90, 'excellent'],
    ['blockers: 60 % confirmed', { views: 100, confirmedViews: 60, browserViews: 60, browserViewsStored: 60 }, 100, 60, 'good'],
    ['server lost 4 %', { views: 96, confirmedViews: 90, browserViews: 100, browserViewsStored: 96 }, 96, 93.8, 'good'],
    ['server lost 10 %', { views: 90, confirmedViews: 90, browserViews: 100, browserViewsStored: 90 }, 90, 100, 'warning'],
  ])('%s', (_name, counts, server, client, quality) => {
    expect(trackingRates({ ...NO_COUNTS, ...counts })).toEqual({ serverTrackingRate: server, clientTrackingRate: client, dataQuality: quality });
  });
});

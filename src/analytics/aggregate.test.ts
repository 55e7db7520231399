import { describe, expect, it } from 'vitest';
import { countEvents, rowsOf, type Contribution } from './aggregate.js';
import type { RollupEvent } from './dimensions.js';
import { valueLabel } from './dimensions.js';

const human: RollupEvent = {
  type: 'view', smartlink_id: 's1', service: null, ts: 0, country: 'FR', city: 'Paris', device_type: 'mobile', os: 'iOS', browser: 'Mobile Safari',
  in_app: null, channel: 'social', referrer_host: 'instagram.com', utm_source: null, utm_medium: null, utm_campaign: null,
  excluded_reason: null, is_unique: 1, revenue: null, client_confirmed_at: 5, client_consent: 'granted', opt_out: null,
};

const HOUR = 3_600_000;
const hourOf = (ts: number) => ts - (ts % HOUR);
const aggregateEvents = (contributions: Contribution[]) => rowsOf('c', countEvents(hourOf, contributions));
const rowsFor = (events: RollupEvent[], sign: 1 | -1 = 1) => aggregateEvents(events.map((event) => ({ event, sign })));
const find = (rows: ReturnType<typeof rowsFor>, smartlink: string, dim: string, value: string) => rows.find((r) => r.smartlink_id === smartlink && r.dim === dim && r.value === value);

describe('countEvents, rowsOf', () => {
  it('counts a human view in the totals and each dimension, per smartlink and client-wide', () => {
    const rows = rowsFor([human]);
    for (const level of ['s1', '*']) {
      expect(find(rows, level, '', '')).toMatchObject({ views: 1, uniques: 1, clicks: 0, confirmed_views: 1, browser_views_stored: 1 });
      expect(find(rows, level, 'city', 'FR:Paris')).toMatchObject({ views: 1, uniques: 1 });
      expect(find(rows, level, 'utm_campaign', '')).toMatchObject({ views: 1 });
    }
    expect(find(rows, '*', 'smartlink', 's1')).toMatchObject({ views: 1 });
    expect(find(rows, 's1', 'smartlink', 's1')).toBeUndefined();
    expect(rows.some((r) => r.dim === 'service')).toBe(false); // a view has no service
  });

  it('sums the smartlinks into the client-wide rows, with one smartlink row each (its views, not its confirmations)', () => {
    const rows = rowsFor([human, { ...human, smartlink_id: 's2', is_unique: 0 }, { ...human, smartlink_id: 's2', type: 'client', is_unique: 0 }]);
    expect(find(rows, '*', 'country', 'FR')).toMatchObject({ views: 2, uniques: 1, confirmed_views: 2 });
    expect(find(rows, '*', '', '')).toMatchObject({ views: 2, browser_views: 1, browser_views_stored: 2 });
    expect(find(rows, 's2', 'country', 'FR')).toMatchObject({ views: 1, uniques: 0 });
    expect(find(rows, '*', 'smartlink', 's1')).toMatchObject({ views: 1, uniques: 1, browser_views: 0, browser_views_stored: 0 });
    expect(find(rows, '*', 'smartlink', 's2')).toMatchObject({ views: 1, uniques: 0, browser_views: 0, browser_views_stored: 0 });
  });

  it('counts clicks with their revenue, by service', () => {
    const rows = rowsFor([{ ...human, type: 'click', service: 'spotify', revenue: 0.25, is_unique: 0 }, { ...human, type: 'click', service: 'spotify', revenue: 0.25, is_unique: 0 }]);
    expect(find(rows, '*', 'service', 'spotify')).toMatchObject({ clicks: 2, revenue: 0.5, views: 0 });
    expect(find(rows, '*', '', '')).toMatchObject({ clicks: 2, revenue: 0.5 });
  });

  it('keeps bots and prefetches out of every human count, by reason', () => {
    const rows = rowsFor([{ ...human, excluded_reason: 'crawler', is_unique: 0, client_confirmed_at: null }, { ...human, type: 'click', service: 'deezer', excluded_reason: 'link_preview', revenue: null }]);
    expect(find(rows, '*', '', '')).toBeUndefined(); // a row that counts nothing is left out
    expect(find(rows, '*', 'excluded', 'crawler')).toMatchObject({ views: 1, clicks: 0 });
    expect(find(rows, '*', 'excluded', 'link_preview')).toMatchObject({ views: 0, clicks: 1 });
    expect(rows.some((r) => r.dim === 'country')).toBe(false);
  });

  it('counts browser confirmations of views, not of clicks, in the totals only', () => {
    const rows = rowsFor([{ ...human, type: 'client', is_unique: 0 }, { ...human, type: 'client', service: 'spotify', is_unique: 0 }]);
    expect(find(rows, '*', '', '')).toMatchObject({ browser_views: 1, views: 0 });
    expect(rows.filter((r) => r.dim !== '')).toEqual([]);
  });

  it('puts each event in its own hour', () => {
    const rows = rowsFor([human, { ...human, ts: HOUR + 5 }, { ...human, ts: HOUR + 6 }]);
    expect(rows.filter((r) => r.smartlink_id === '*' && r.dim === '').map((r) => [r.bucket, r.views])).toEqual([[0, 1], [HOUR, 2]]);
  });

  it('takes out what an event added, to the last row (a change is its old values out, its new ones in)', () => {
    const confirmed = { ...human, client_consent: 'granted' };
    const unconfirmed = { ...human, client_confirmed_at: null, client_consent: null };
    expect(aggregateEvents([{ event: human, sign: 1 }, { event: human, sign: -1 }])).toEqual([]);
    const change = aggregateEvents([{ event: unconfirmed, sign: -1 }, { event: confirmed, sign: 1 }]);
    expect(find(change, '*', '', '')).toMatchObject({ views: 0, confirmed_views: 1, browser_views_stored: 1 });
    expect(find(change, '*', 'consent', '')).toMatchObject({ views: -1, uniques: -1 });
    expect(find(change, '*', 'consent', 'granted')).toMatchObject({ views: 1, uniques: 1 });
    expect(find(change, '*', 'country', 'FR')).toMatchObject({ confirmed_views: 1, views: 0 });
  });
});

describe('valueLabel', () => {
  it.each([
    ['city', 'FR:Paris', 'Paris (FR)'],
    ['city', ':Atlantis', 'Atlantis'],
    ['referrer', '', '(direct)'],
    ['utm_campaign', '', '(none)'],
    ['country', 'FR', 'FR'],
  ] as const)('%s %j reads %j', (dimension, value, label) => {
    expect(valueLabel(dimension, value)).toBe(label);
  });
});

import { describe, expect, it } from 'vitest';
import { badCountry, routingBodyOf, rulesOf } from './routing-draft';

describe('routing rules as form state', () => {
  it('round-trips the API’s rules', () => {
    const routing = { rules: [{ os: 'ios' as const, first: ['apple-music'] }, { countries: ['NG', 'GH'], first: ['boomplay', 'audiomack'] }] };
    expect(routingBodyOf(rulesOf(routing))).toEqual(routing);
  });

  it('sends null for no rule, and reads null as none', () => {
    expect(rulesOf(null)).toEqual([]);
    expect(routingBodyOf([])).toBeNull();
  });

  it('reads countries typed with commas, spaces or lower case, each once; leaves out an empty list and an empty service', () => {
    expect(routingBodyOf([{ key: 1, os: '', countries: 'fr, be  FR;ch', first: ['deezer', '', 'deezer'] }])).toEqual({ rules: [{ countries: ['FR', 'BE', 'CH'], first: ['deezer'] }] });
  });

  it.each([
    ['FR, BE', null],
    ['fr, gb', null],
    ['', null],
    ['France', 'FRANCE'],
    ['F1', 'F1'],
    ['FR, XX', 'XX'],
    ['UK', 'UK'],
  ])('finds the first code that names no country in %j', (text, bad) => {
    expect(badCountry(text)).toBe(bad);
  });
});

import { describe, expect, it } from 'vitest';
import { countriesProblem, routingBodyOf, rulesOf } from './routing-draft';

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
    ['', null],
    ['France', '"FRANCE" is not a two-letter country code (ISO 3166-1, e.g. FR).'],
    ['F1', '"F1" is not a two-letter country code (ISO 3166-1, e.g. FR).'],
  ])('judges the countries field %j', (text, problem) => {
    expect(countriesProblem(text)).toBe(problem);
  });
});

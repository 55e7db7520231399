import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alpha2Code, numericCode } from './countryCodes';
import { LEVELS, levelBounds, levelOf } from './levels';

describe('ISO alpha-2 ↔ numeric codes (the tracker’s countries ↔ world-atlas’s shapes)', () => {
  it.each([
    ['FR', '250'],
    ['GB', '826'],
    ['US', '840'],
    ['DE', '276'],
    ['AF', '004'],
    ['AQ', '010'],
    ['fr', '250'],
  ])('%s ↔ %s', (alpha2, numeric) => {
    expect(numericCode(alpha2)).toBe(numeric);
    expect(alpha2Code(numeric)).toBe(alpha2.toUpperCase());
  });

  it.each([[''], ['XX'], ['EEA'], ['constructor']])('knows no country %j', (code) => expect(numericCode(code)).toBeUndefined());

  it('reads a numeric id without its leading zeros; none for shapes without a code', () => {
    expect(alpha2Code(4)).toBe('AF');
    expect(alpha2Code(undefined)).toBeUndefined();
    expect(alpha2Code('999')).toBeUndefined();
  });

  it('names every shape of world-atlas that has an id', () => {
    const atlas = JSON.parse(readFileSync(new URL('../../../../node_modules/world-atlas/countries-110m.json', import.meta.url), 'utf8')) as { objects: { countries: { geometries: { id?: string }[] } } };
    const ids = atlas.objects.countries.geometries.flatMap((g) => (g.id ? [g.id] : []));
    expect(ids.length).toBeGreaterThan(170);
    expect(ids.filter((id) => alpha2Code(id) === undefined)).toEqual([]);
  });
});

describe('the map’s colour levels', () => {
  it.each([
    [0, []],
    [1, [1]],
    [2, [1, 2]],
    [1000, [4, 16, 63, 251, 1000]],
  ])('up to %d: %j', (max, bounds) => expect(levelBounds(max)).toEqual(bounds));

  it.each([
    ['no views', 0, 1000, 0],
    ['a few', 3, 1000, 1],
    ['on a bound', 16, 1000, 2],
    ['the largest', 1000, 1000, LEVELS],
    ['one country alone is the darkest', 1, 1, LEVELS],
    ['two levels: the top one darkest', 2, 2, LEVELS],
    ['two levels: the lower', 1, 2, 3],
  ])('%s', (_, count, max, level) => expect(levelOf(count, levelBounds(max))).toBe(level));
});

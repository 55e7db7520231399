import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fanOs, routingProblem, servicesFor, type Fan, type Routing } from './routing.js';
import type { ServiceLink } from './smartlink.js';

const link = (service: string, hiddenIn?: string[]): ServiceLink => ({ service, url: `https://${service}.example/x`, ...(hiddenIn ? { hiddenIn } : {}) });
const SERVICES: ServiceLink[] = [link('spotify'), link('apple-music'), link('deezer', ['US']), link('boomplay', ['FR', 'DE']), link('tidal')];
const ids = (list: readonly ServiceLink[]) => list.map((s) => s.service);
const order = (routing: Routing | null, fan: Fan) => ids(servicesFor({ services: SERVICES, routing }, fan));

describe('servicesFor', () => {
  const rules: Routing = {
    rules: [
      { os: 'ios', first: ['apple-music'] },
      { countries: ['NG', 'GH'], first: ['boomplay', 'spotify'] },
      { os: 'android', countries: ['FR'], first: ['deezer'] },
    ],
  };
  it.each([
    { name: 'no routing: the smartlink order, nothing hidden for an unknown country', routing: null, fan: { country: null, os: 'other' }, expected: ['spotify', 'apple-music', 'deezer', 'boomplay', 'tidal'] },
    { name: 'a service hidden in the fan’s country is dropped', routing: null, fan: { country: 'US', os: 'other' }, expected: ['spotify', 'apple-music', 'boomplay', 'tidal'] },
    { name: 'an os rule: Apple Music first on iOS', routing: rules, fan: { country: 'GB', os: 'ios' }, expected: ['apple-music', 'spotify', 'deezer', 'boomplay', 'tidal'] },
    { name: 'the first matching rule wins (iOS in Nigeria)', routing: rules, fan: { country: 'NG', os: 'ios' }, expected: ['apple-music', 'spotify', 'deezer', 'boomplay', 'tidal'] },
    { name: 'a country rule, its services in its order', routing: rules, fan: { country: 'NG', os: 'android' }, expected: ['boomplay', 'spotify', 'apple-music', 'deezer', 'tidal'] },
    { name: 'os and countries must both match', routing: rules, fan: { country: 'FR', os: 'other' }, expected: ['spotify', 'apple-music', 'deezer', 'tidal'] },
    { name: 'os and countries both matching', routing: rules, fan: { country: 'FR', os: 'android' }, expected: ['deezer', 'spotify', 'apple-music', 'tidal'] },
    { name: 'a country rule never matches an unknown country', routing: rules, fan: { country: null, os: 'android' }, expected: ['spotify', 'apple-music', 'deezer', 'boomplay', 'tidal'] },
    {
      name: 'a rule’s service hidden in the country stays hidden',
      routing: { rules: [{ countries: ['US'], first: ['deezer', 'tidal'] }] },
      fan: { country: 'US', os: 'other' },
      expected: ['tidal', 'spotify', 'apple-music', 'boomplay'],
    },
    { name: 'a rule naming a service the smartlink lacks skips it', routing: { rules: [{ first: ['qobuz', 'tidal'] }] }, fan: { country: 'GB', os: 'other' }, expected: ['tidal', 'spotify', 'apple-music', 'deezer', 'boomplay'] },
  ] as const)('$name', ({ routing, fan, expected }) => {
    expect(order(routing as Routing | null, fan)).toEqual(expected);
  });

  it('always returns a permutation of the visible services, never a hidden one', () => {
    const countries = ['US', 'FR', 'NG', 'JP'];
    const serviceIds = ['spotify', 'apple-music', 'deezer', 'tidal', 'boomplay', 'custom-1'];
    const arbLinks = fc.uniqueArray(fc.constantFrom(...serviceIds), { minLength: 1 }).chain((list) =>
      fc.tuple(...list.map((service) => fc.subarray(countries).map((hiddenIn) => link(service, hiddenIn)))),
    );
    const arbRule = fc.record(
      { os: fc.constantFrom('ios' as const, 'android' as const), countries: fc.subarray(countries, { minLength: 1 }), first: fc.uniqueArray(fc.constantFrom(...serviceIds), { minLength: 1 }) },
      { requiredKeys: ['first'] },
    );
    const arbFan = fc.record({ country: fc.option(fc.constantFrom(...countries, 'GB'), { nil: null }), os: fc.constantFrom('ios' as const, 'android' as const, 'other' as const) });
    fc.assert(
      fc.property(arbLinks, fc.array(arbRule, { maxLength: 5 }), arbFan, (services, rules, fan) => {
        const result = servicesFor({ services, routing: { rules } }, fan);
        const visible = services.filter((s) => !(fan.country && s.hiddenIn?.includes(fan.country)));
        expect(ids(result).slice().sort()).toEqual(ids(visible).slice().sort());
        expect(new Set(ids(result)).size).toBe(result.length);
        for (const s of result) expect(fan.country !== null && s.hiddenIn?.includes(fan.country)).toBe(false);
      }),
    );
  });
});

describe('fanOs', () => {
  it.each([
    ['iOS', 'ios'],
    ['Android', 'android'],
    ['Mac OS', 'other'],
    ['Windows', 'other'],
    [null, 'other'],
  ] as const)('%s → %s', (os, expected) => {
    expect(fanOs(os)).toBe(expected);
  });
});

describe('routingProblem', () => {
  it.each([
    { name: 'more than 20 rules', routing: { rules: Array.from({ length: 21 }, () => ({ first: ['spotify'] })) }, problem: 'routing.rules: at most 20 rules' },
    { name: 'an unknown os', routing: { rules: [{ os: 'windows', first: ['spotify'] }] }, problem: 'routing rule 1: os is ios or android' },
    { name: 'a lower-case country (withCountryCodes makes it upper case first)', routing: { rules: [{ countries: ['fr'], first: ['spotify'] }] }, problem: 'routing rule 1: "fr" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US)' },
    { name: 'a code no country has', routing: { rules: [{ countries: ['XX'], first: ['spotify'] }] }, problem: 'routing rule 1: "XX" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US)' },
    { name: 'an empty country list', routing: { rules: [{ countries: [], first: ['spotify'] }] }, problem: 'routing rule 1: 1 to 250 countries, or none for anywhere' },
    { name: 'no service', routing: { rules: [{ os: 'ios', first: [] }] }, problem: 'routing rule 1: 1 to 30 services to put first' },
    { name: 'a service twice', routing: { rules: [{ first: ['spotify', 'spotify'] }] }, problem: 'routing rule 1: a service is listed twice' },
    { name: 'an unknown service', routing: { rules: [{ first: ['spotify'] }, { first: ['myspace'] }] }, problem: 'routing rule 2: "myspace" is not a known service' },
  ])('refuses $name', ({ routing, problem }) => {
    expect(routingProblem(routing as Routing, SERVICES)).toBe(problem);
  });

  it('accepts catalogue services and the smartlink’s own custom ones', () => {
    expect(routingProblem({ rules: [{ os: 'ios', countries: ['FR'], first: ['qobuz', 'my-shop'] }] }, [...SERVICES, { service: 'my-shop', url: 'https://shop.example/', label: 'Shop' }])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, notACountry, toCountryCode } from './country.js';

describe('toCountryCode', () => {
  it.each([
    { name: 'an upper-case code', input: 'FR', code: 'FR' },
    { name: 'a lower-case code', input: 'fr', code: 'FR' },
    { name: 'mixed case with spaces', input: ' gB ', code: 'GB' },
    { name: 'Kosovo (GeoIP’s XK)', input: 'xk', code: 'XK' },
    { name: 'a code no country has', input: 'XX', code: null },
    { name: 'UK (the code is GB)', input: 'UK', code: null },
    { name: 'EU (a union, not a country)', input: 'EU', code: null },
    { name: 'three letters', input: 'FRA', code: null },
    { name: 'not a string', input: 33, code: null },
  ])('$name → $code', ({ input, code }) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it('knows the 249 assigned codes and XK', () => {
    expect(COUNTRY_CODES.size).toBe(250);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('names the code it refuses, cut short', () => {
    expect(notACountry('XX')).toBe('"XX" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US)');
    expect(notACountry('x'.repeat(50))).toContain(`"${'x'.repeat(10)}"`);
  });
});

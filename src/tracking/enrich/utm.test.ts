import { describe, expect, it } from 'vitest';
import { readUtm } from './utm.js';

const NONE = { utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null };

describe('readUtm', () => {
  it.each<{ name: string; query: Record<string, string>; expected: Partial<ReturnType<typeof readUtm>> }>([
    {
      name: 'all five tags',
      query: { utm_source: 'instagram', utm_medium: 'social', utm_campaign: 'single-release', utm_term: 'indie pop', utm_content: 'story-1' },
      expected: { utm_source: 'instagram', utm_medium: 'social', utm_campaign: 'single-release', utm_term: 'indie pop', utm_content: 'story-1' },
    },
    { name: 'no tags', query: { ref: 'abc' }, expected: NONE },
    { name: 'empty query', query: {}, expected: NONE },
    { name: 'values are trimmed', query: { utm_source: '  newsletter \t' }, expected: { utm_source: 'newsletter' } },
    { name: 'empty value → null', query: { utm_source: '' }, expected: { utm_source: null } },
    { name: 'whitespace-only value → null', query: { utm_campaign: '   ' }, expected: { utm_campaign: null } },
    { name: 'control characters are removed', query: { utm_campaign: 'sum\u0000mer\r\n\u0007' }, expected: { utm_campaign: 'summer' } },
    { name: 'C1 control characters are removed', query: { utm_term: 'a\u0085b\u009fc' }, expected: { utm_term: 'abc' } },
    { name: 'a value of control characters only → null', query: { utm_content: '\u0001\u0002' }, expected: { utm_content: null } },
    { name: 'bidi overrides are removed', query: { utm_source: 'evil\u202Egnp.exe' }, expected: { utm_source: 'evilgnp.exe' } },
    { name: 'emoji and accents are kept', query: { utm_campaign: 'été 🎶 tour' }, expected: { utm_campaign: 'été 🎶 tour' } },
    { name: 'value capped at 200 characters', query: { utm_term: 'x'.repeat(500) }, expected: { utm_term: 'x'.repeat(200) } },
    { name: 'the cap never splits an emoji', query: { utm_term: `${'x'.repeat(199)}🎶🎶` }, expected: { utm_term: `${'x'.repeat(199)}🎶` } },
    { name: 'keys are matched case-insensitively', query: { UTM_Source: 'TikTok', Utm_Medium: 'Paid' }, expected: { utm_source: 'TikTok', utm_medium: 'Paid' } },
    { name: 'the exact lower-case key wins over another casing', query: { UTM_SOURCE: 'upper', utm_source: 'lower' }, expected: { utm_source: 'lower' } },
    { name: 'values keep their case', query: { utm_campaign: 'Album_Launch' }, expected: { utm_campaign: 'Album_Launch' } },
    { name: 'a key that merely starts like a tag is ignored', query: { utm_sourcex: 'nope', 'utm_source ': 'nope' }, expected: { utm_source: null } },
  ])('$name', ({ query, expected }) => {
    expect(readUtm(query)).toMatchObject(expected);
  });

  it('always returns all five keys', () => {
    expect(Object.keys(readUtm({})).sort()).toEqual(['utm_campaign', 'utm_content', 'utm_medium', 'utm_source', 'utm_term']);
  });

  it('reads own properties only, never inherited ones', () => {
    const query = Object.create({ utm_source: 'inherited' }) as Record<string, string>;
    expect(readUtm(query).utm_source).toBeNull();
  });
});

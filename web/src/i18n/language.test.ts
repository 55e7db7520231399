import { describe, expect, it } from 'vitest';
import { languageOf, preferredLanguage } from './language';

describe('languageOf', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR-fr', 'fr'],
    ['en-GB', 'en'],
    ['de-DE', null],
    ['', null],
  ])('%s → %s', (tag, language) => {
    expect(languageOf(tag)).toBe(language);
  });
});

describe('preferredLanguage (nothing chosen in this browser)', () => {
  it('takes the first browser language the app speaks', () => {
    expect(preferredLanguage(['de-DE', 'fr-FR', 'en'])).toBe('fr');
    expect(preferredLanguage(['en-US', 'fr'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(preferredLanguage(['de', 'es'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});

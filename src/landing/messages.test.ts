import { describe, expect, it } from 'vitest';
import { pickLanguage } from './messages.js';

describe('pickLanguage', () => {
  it.each([
    { name: 'no header', header: undefined, lang: 'en' },
    { name: 'an empty header', header: '', lang: 'en' },
    { name: 'French from France', header: 'fr-FR,fr;q=0.9', lang: 'fr' },
    { name: 'English from the US', header: 'en-US,en;q=0.9', lang: 'en' },
    { name: 'an unsupported first choice, French before English', header: 'de-DE,de;q=0.9,fr;q=0.8,en;q=0.7', lang: 'fr' },
    { name: 'weights over order', header: 'en;q=0.5,fr;q=0.8', lang: 'fr' },
    { name: 'equal weights: the first listed', header: 'fr;q=0.5,en;q=0.5', lang: 'fr' },
    { name: 'upper case and spaces', header: ' EN-gb ; Q=0.3 , Fr-CH ; q=0.4', lang: 'fr' },
    { name: 'weight 0: not acceptable', header: 'fr;q=0,de', lang: 'en' },
    { name: 'a weight that is not a number counts as 0', header: 'fr;q=abc,en;q=0.1', lang: 'en' },
    { name: 'only the first 20 entries are read', header: `${'de,'.repeat(20)}fr`, lang: 'en' },
    { name: 'nothing supported', header: 'de-DE,es;q=0.8', lang: 'en' },
  ])('$name → $lang', ({ header, lang }) => {
    expect(pickLanguage(header)).toBe(lang);
  });

  it('gives each header its own answer when asked again (answers are remembered per header)', () => {
    for (let round = 0; round < 3; round++) {
      expect(pickLanguage('fr-FR,fr;q=0.9')).toBe('fr');
      expect(pickLanguage('en-GB,en;q=0.9')).toBe('en');
      expect(pickLanguage(`fr,${'x'.repeat(300)}`)).toBe('fr'); // too long to be remembered: ranked each time
    }
  });
});

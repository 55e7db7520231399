// WCAG contrast and the correction of brand colours: ratios against the WCAG reference values,
// and, for any colour on any background, a corrected colour that reaches AA with the lightness
// nearest to the brand's (checked against a plain linear search).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, ensureContrast, LIGHTNESS_STEPS, lightnessStep, pageColours, withLightness } from '../../src/landing/contrast.js';

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

/** The reference answer: the nearest lightness step (darker first on a tie) that reaches `min`. */
function nearestPassing(colour: string, against: string, min: number): string {
  const start = lightnessStep(colour);
  for (let d = 0; d <= LIGHTNESS_STEPS; d++) {
    for (const step of [start - d, start + d]) {
      if (step < 0 || step > LIGHTNESS_STEPS) continue;
      const candidate = withLightness(colour, step);
      if (contrastRatio(candidate, against) >= min) return candidate;
    }
  }
  throw new Error('unreachable');
}

describe('contrast ratio (WCAG 2)', () => {
  it.each([
    { name: 'black on white', a: '#000000', b: '#ffffff', ratio: 21 },
    { name: 'same colour', a: '#777777', b: '#777777', ratio: 1 },
    { name: 'the demo brand on white (the issue’s 2.95:1)', a: '#ff5f6d', b: '#ffffff', ratio: 2.95 },
    { name: 'WCAG grey #767676 on white, just AA', a: '#767676', b: '#ffffff', ratio: 4.54 },
  ])('$name: $ratio:1', ({ a, b, ratio }) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    expect(contrastRatio(b, a)).toBeCloseTo(ratio, 2);
  });
});

describe('ensureContrast', () => {
  it('keeps a colour that already reaches AA', () => {
    expect(ensureContrast('#1A1033', '#ffffff')).toBe('#1a1033');
  });

  it('darkens the demo brand colour on white to the nearest AA shade of the same hue', () => {
    const corrected = ensureContrast('#ff5f6d', '#ffffff');
    expect(contrastRatio(corrected, '#ffffff')).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(corrected, '#ffffff')).toBeLessThan(4.7); // no darker than needed
    expect(corrected).toMatch(/^#[c-f][0-9a-f]/); // still a red
  });

  it('lightens a dark colour on a dark background', () => {
    const corrected = ensureContrast('#3a1c71', '#111111');
    expect(lightnessStep(corrected)).toBeGreaterThan(lightnessStep('#3a1c71'));
    expect(contrastRatio(corrected, '#111111')).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('always reaches 4.5:1, with the lightness nearest to the brand colour (property)', () => {
    fc.assert(
      fc.property(hex, hex, (colour, background) => {
        const corrected = ensureContrast(colour, background);
        expect(contrastRatio(corrected, background)).toBeGreaterThanOrEqual(AA_TEXT);
        if (contrastRatio(colour, background) >= AA_TEXT) expect(corrected).toBe(colour);
        else expect(corrected).toBe(nearestPassing(colour, background, AA_TEXT));
      }),
      { numRuns: 300 },
    );
  });
});

describe('pageColours', () => {
  it('corrects the demo accent, keeps its dark background with white text', () => {
    const colours = pageColours('#ff5f6d', '#1a1033');
    expect(colours.accent).toMatchObject({ chosen: '#ff5f6d', corrected: true });
    expect(colours.accent.chosenRatio).toBeCloseTo(2.95, 2);
    expect(colours.accent.drawnRatio).toBeGreaterThanOrEqual(AA_TEXT);
    expect(colours.background).toMatchObject({ chosen: '#1a1033', drawn: '#1a1033', corrected: false });
    expect(colours.text).toBe('#ffffff');
  });

  it('puts dark text on a light background, and corrects a mid-tone background neither text reaches', () => {
    expect(pageColours('#000000', '#f4f0e8').text).toBe('#111111');
    const mid = pageColours('#000000', '#7a7a7a');
    expect(mid.background.corrected).toBe(true);
    expect(contrastRatio(mid.background.drawn, mid.text)).toBeGreaterThanOrEqual(AA_TEXT);
  });
});

// WCAG 2 contrast, and the correction of a brand colour that is too faint: the colour whose HSL
// lightness is nearest to the brand's (same hue, same saturation) that reaches the ratio. Pure:
// the fan pages use it to draw, the web app's branding form to warn (it imports this file).

/** WCAG 2.x AA for normal text. */
export const AA_TEXT = 4.5;

const HEX = /^#[0-9a-f]{6}$/i;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

type Rgb = readonly [number, number, number]; // 0..255

function rgbOf(hex: string): Rgb {
  if (!HEX.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2.x, sRGB). */
export function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Hue (0..360), saturation and lightness (0..1) of a colour. */
function hslOf(hex: string): readonly [number, number, number] {
  const [r, g, b] = rgbOf(hex).map((c) => c / 255) as unknown as Rgb;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h * 60, s, l];
}

function hexOfHsl(h: number, s: number, l: number): string {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return hexOf([r, g, b].map((v) => Math.min(255, Math.max(0, Math.round((v + m) * 255)))) as unknown as Rgb);
}

/** Lightness is searched in thousandths: 0 is black, STEPS white, whatever the hue. */
export const LIGHTNESS_STEPS = 1000;

/** The colour with the same hue and saturation at lightness step/LIGHTNESS_STEPS. */
export function withLightness(hex: string, step: number): string {
  const [h, s] = hslOf(hex);
  return hexOfHsl(h, s, step / LIGHTNESS_STEPS);
}

/** The lightness step of a colour (rounded). */
export function lightnessStep(hex: string): number {
  return Math.round(hslOf(hex)[2] * LIGHTNESS_STEPS);
}

/**
 * `colour` if it already reaches `min` against `against`, else the colour of the same hue and
 * saturation whose lightness is nearest to it and reaches `min` (darker or lighter, whichever is
 * nearer). Always found: black or white reaches 4.58:1 against any colour, so any min ≤ 4.58 is
 * reachable. Every channel grows with lightness (hue and saturation fixed), so does the luminance,
 * and the lightnesses that pass on each side form one interval: a binary search finds its edge.
 */
export function ensureContrast(colour: string, against: string, min: number = AA_TEXT): string {
  const original = colour.toLowerCase();
  if (contrastRatio(original, against) >= min) return original;
  const start = lightnessStep(original);
  const passes = (step: number) => contrastRatio(withLightness(original, step), against) >= min;
  if (passes(start)) return withLightness(original, start); // rounding alone was enough
  const candidates: number[] = [];
  // Darker: the passing steps are [0, edge]; lighter: [edge, STEPS].
  if (passes(0)) {
    let [lo, hi] = [0, start]; // lo passes, hi fails
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (passes(mid)) lo = mid;
      else hi = mid;
    }
    candidates.push(lo);
  }
  if (passes(LIGHTNESS_STEPS)) {
    let [lo, hi] = [start, LIGHTNESS_STEPS]; // lo fails, hi passes
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (passes(mid)) hi = mid;
      else lo = mid;
    }
    candidates.push(hi);
  }
  const best = candidates.sort((a, b) => Math.abs(a - start) - Math.abs(b - start))[0];
  if (best === undefined) throw new Error(`no lightness of ${colour} reaches ${min}:1 against ${against}`);
  return withLightness(original, best);
}

/** Near-white and near-black text: whichever contrasts more with the background. */
export const LIGHT_TEXT = '#ffffff';
export const DARK_TEXT = '#111111';

export function textColourOn(background: string): string {
  return contrastRatio(LIGHT_TEXT, background) >= contrastRatio(DARK_TEXT, background) ? LIGHT_TEXT : DARK_TEXT;
}

/** The service rows' background: the primary colour is drawn on it (call-to-action text). */
export const ROW_BACKGROUND = '#ffffff';

/** One brand colour as a page draws it: the colour chosen, the one drawn, and the ratio of each. */
export interface DrawnColour {
  readonly chosen: string;
  readonly drawn: string;
  readonly corrected: boolean;
  readonly chosenRatio: number;
  readonly drawnRatio: number;
}

function drawn(chosen: string, against: string, drawnColour: string): DrawnColour {
  const c = chosen.toLowerCase();
  return { chosen: c, drawn: drawnColour, corrected: drawnColour !== c, chosenRatio: contrastRatio(c, against), drawnRatio: contrastRatio(drawnColour, against) };
}

/**
 * The colours a fan page draws from a brand: the accent (call-to-action text on the white service
 * rows), the background and the text on it (white or near-black, whichever contrasts more; the
 * background's lightness corrected when neither reaches AA).
 */
export interface PageColours {
  readonly accent: DrawnColour;
  readonly background: DrawnColour;
  readonly text: string;
}

export function pageColours(primary: string, background: string): PageColours {
  const text = textColourOn(background);
  return {
    accent: drawn(primary, ROW_BACKGROUND, ensureContrast(primary, ROW_BACKGROUND)),
    background: drawn(background, text, ensureContrast(background, text)),
    text,
  };
}

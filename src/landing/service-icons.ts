// The logo of each service on the fan page: simple-icons (CC0, https://simpleicons.org), drawn
// inline (no request) as a glyph on a tile of the brand's colour. Only the icons used are read, once,
// from the package's files (its module holds all ~3,500 icons: 32 MB of memory for 11 of them). Services simple-icons lacks (Amazon Music, Boomplay, Anghami, Qobuz) and
// custom services get a neutral tile with a music note drawn here. Decorative: aria-hidden, the
// row's text names the service.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { contrastRatio, DARK_TEXT, LIGHT_TEXT } from './contrast.js';
import { html, type Html } from './html.js';

interface Icon {
  readonly path: string; // in a 24×24 box
  readonly hex: string; // brand colour, without "#"
}

/** Duotrack's service id → simple-icons slug. */
const SLUGS: Readonly<Record<string, string>> = {
  spotify: 'spotify',
  'apple-music': 'applemusic',
  deezer: 'deezer',
  'youtube-music': 'youtubemusic',
  tidal: 'tidal',
  soundcloud: 'soundcloud',
  bandcamp: 'bandcamp',
  audiomack: 'audiomack',
  beatport: 'beatport',
  pandora: 'pandora',
  napster: 'napster',
};

/** Each icon's path from its SVG file, its colour from the package's data file. */
function readIcons(): Readonly<Record<string, Icon>> {
  const require = createRequire(import.meta.url);
  const data = JSON.parse(readFileSync(require.resolve('simple-icons/icons.json'), 'utf8')) as { slug: string; hex: string }[];
  const hexOf = new Map(data.map((icon) => [icon.slug, icon.hex]));
  return Object.fromEntries(
    Object.entries(SLUGS).map(([service, slug]) => {
      const svg = readFileSync(require.resolve(`simple-icons/icons/${slug}.svg`), 'utf8');
      const path = / d="([^"]+)"/.exec(svg)?.[1];
      const hex = hexOf.get(slug);
      if (!path || !hex) throw new Error(`simple-icons has no icon "${slug}" (for ${service})`);
      return [service, { path, hex }];
    }),
  );
}

const BRANDED = readIcons();

/** A music note: a round head, a stem and a flag (drawn for Duotrack, in the same 24×24 box). */
export const NOTE: Icon = { path: 'M11 4h8v3h-6v10.5a3.5 3.5 0 1 1-2-3.16z', hex: '4a4a55' };

export function iconOf(service: string): Icon {
  return Object.hasOwn(BRANDED, service) ? (BRANDED[service] as Icon) : NOTE;
}

/** The glyph on the tile: white where it stands out (3:1, as for graphics), near-black on light tiles. */
export function glyphColour(tile: string): string {
  return contrastRatio(LIGHT_TEXT, tile) >= 3 ? LIGHT_TEXT : DARK_TEXT;
}

export function serviceIcon(service: string): Html {
  const { path, hex } = iconOf(service);
  const tile = `#${hex.toLowerCase()}`;
  return html`<svg class="ic" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="${tile}"/><path transform="translate(6 6) scale(.833)" fill="${glyphColour(tile)}" d="${path}"/></svg>`;
}

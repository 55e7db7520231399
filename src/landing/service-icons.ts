// The logo of each service on the fan page: simple-icons (CC0, https://simpleicons.org), only the
// icons used imported so the bundle stays small, drawn inline (no request) as a glyph on a tile of
// the brand's colour. Services simple-icons lacks (Amazon Music, Boomplay, Anghami, Qobuz) and
// custom services get a neutral tile with a music note drawn here. Decorative: aria-hidden, the
// row's text names the service.
import { siApplemusic, siAudiomack, siBandcamp, siBeatport, siDeezer, siNapster, siPandora, siSoundcloud, siSpotify, siTidal, siYoutubemusic } from 'simple-icons';
import { contrastRatio, DARK_TEXT, LIGHT_TEXT } from './contrast.js';
import { html, type Html } from './html.js';

interface Icon {
  readonly path: string; // in a 24×24 box
  readonly hex: string; // brand colour, without "#"
}

const BRANDED: Readonly<Record<string, Icon>> = {
  spotify: siSpotify,
  'apple-music': siApplemusic,
  deezer: siDeezer,
  'youtube-music': siYoutubemusic,
  tidal: siTidal,
  soundcloud: siSoundcloud,
  bandcamp: siBandcamp,
  audiomack: siAudiomack,
  beatport: siBeatport,
  pandora: siPandora,
  napster: siNapster,
};

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

// A service's app URI (ServiceLink.appUris.ios): the URI the iOS in-app browser hands to the
// service's own app (src/landing/app-open.ts). One rule, used when a smartlink is saved (a 400 that
// names the service and the scheme) and again when a click is answered (a URI stored before the
// rule, or written to the database by hand, falls back to the web URL):
//   - the scheme is one the service's app registers: spotify: for Spotify, music:/itms:/itmss: for
//     Apple Music and the iTunes Store… (APP_SCHEMES). A service not listed has no app URI at all;
//   - then printable ASCII only (no space, quote, angle bracket, backslash or backtick), 2000 at most.
// Android needs no app URI: the app is opened by its package with the https link (app-open.ts).

/**
 * The URI schemes each service's iOS app registers. The resolver's source, Odesli, gives
 * `spotify:album:…`, `music://…` and `itmss://…` (Apple Music), `itmss://…` (iTunes Store) and
 * `deezer://…`; the others are the schemes those apps declare. Amazon Music has none here: its
 * scheme could not be confirmed from a public source.
 */
export const APP_SCHEMES: Readonly<Record<string, readonly string[]>> = {
  spotify: ['spotify'],
  'apple-music': ['music', 'itms', 'itmss'],
  itunes: ['music', 'itms', 'itmss'],
  deezer: ['deezer'],
  'youtube-music': ['youtubemusic'],
  youtube: ['vnd.youtube', 'youtube'],
  tidal: ['tidal'],
  soundcloud: ['soundcloud'],
};

const MAX_LENGTH = 2000;
const SHAPE = /^([a-z][a-z0-9+.-]{0,31}):[^\s"'<>\\`\x00-\x1f\x7f-\uffff]+$/i;

/** Why `uri` cannot be `service`'s app URI (a sentence for a 400), or null when it can. */
export function appUriProblem(service: string, uri: string): string | null {
  const allowed = Object.hasOwn(APP_SCHEMES, service) ? (APP_SCHEMES[service] as readonly string[]) : [];
  if (allowed.length === 0) return `service "${service}" has no app URI Duotrack opens (remove appUris)`;
  const schemes = allowed.map((s) => `${s}:`).join(', ');
  const shape = uri.length <= MAX_LENGTH ? SHAPE.exec(uri) : null;
  if (!shape) return `appUris.ios must be an app URI of the ${service} app (${schemes}…), at most ${MAX_LENGTH} printable ASCII characters without spaces or quotes`;
  const scheme = (shape[1] as string).toLowerCase();
  return allowed.includes(scheme) ? null : `appUris.ios must be an app URI of the ${service} app (${schemes}…), not "${scheme.slice(0, 32)}:"`;
}

/** `uri` if it is an app URI of `service`'s app, else null. */
export function appUriFor(service: string, uri: string | undefined): string | null {
  return uri !== undefined && appUriProblem(service, uri) === null ? uri : null;
}

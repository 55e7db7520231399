// What the editor pasted: a release or track URL of a service, a UPC (or EAN/GTIN-14) barcode, or an
// ISRC. Parsed once, at the edge; a query that is none of these is refused with what is supported.
import type { ReleaseKind } from './types.js';

export type UrlService = 'spotify' | 'apple-music' | 'deezer' | 'tidal' | 'youtube-music' | 'youtube' | 'amazon-music' | 'soundcloud' | 'bandcamp';

export type CatalogueQuery =
  | { readonly type: 'url'; readonly service: UrlService; readonly kind: ReleaseKind; readonly id: string; readonly url: string }
  | { readonly type: 'upc'; readonly upc: string }
  | { readonly type: 'isrc'; readonly isrc: string };

export class BadQuery extends Error {}

export const SUPPORTED =
  'a release or track URL of Spotify, Apple Music, Deezer, TIDAL, YouTube Music, YouTube, Amazon Music, SoundCloud or Bandcamp; a UPC/EAN of 12 to 14 digits; or an ISRC such as USRC17607839';

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

export function parseQuery(input: string): CatalogueQuery {
  const text = input.trim();
  if (text === '') throw new BadQuery(`Paste ${SUPPORTED}.`);
  if (/^[\d\s-]+$/.test(text)) return { type: 'upc', upc: checkedUpc(text.replace(/[\s-]/g, '')) };
  const isrc = text.replace(/[\s-]/g, '').toUpperCase();
  if (ISRC.test(isrc)) return { type: 'isrc', isrc };
  if (/^spotify:(album|track):[A-Za-z0-9]{22}$/.test(text)) {
    const [, kind, id] = text.split(':') as [string, ReleaseKind, string];
    return { type: 'url', service: 'spotify', kind, id, url: `https://open.spotify.com/${kind}/${id}` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadQuery(`"${clip(text)}" is not a URL, a UPC or an ISRC. Paste ${SUPPORTED}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadQuery(`"${clip(text)}" is not an http(s) URL. Paste ${SUPPORTED}.`);
  const found = fromUrl(url);
  if (!found) throw new BadQuery(`${url.hostname}${url.pathname === '/' ? '' : url.pathname} is not a release or track link the resolver knows. Paste ${SUPPORTED}.`);
  return { type: 'url', ...found, url: url.href };
}

/** A UPC-A (12), EAN-13 (13) or GTIN-14 (14 digits) with a correct check digit. */
export function checkedUpc(digits: string): string {
  if (!/^\d{12,14}$/.test(digits)) throw new BadQuery(`A UPC has 12 to 14 digits (EAN-13 and GTIN-14 included); "${clip(digits)}" has ${digits.length}.`);
  const expected = gtinCheckDigit(digits.slice(0, -1));
  if (Number(digits.at(-1)) !== expected) throw new BadQuery(`UPC ${digits}: its last digit should be ${expected} (the check digit); is there a typo?`);
  return digits;
}

/** The GS1 check digit of a GTIN body: weights 3 and 1 alternating from the right. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** The same barcode as UPC-A and as EAN-13 (a leading zero): catalogues store either. */
export function upcVariants(upc: string): string[] {
  if (upc.length === 12) return [upc, `0${upc}`];
  if (upc.length === 13 && upc.startsWith('0')) return [upc, upc.slice(1)];
  return [upc];
}

type Parsed = { service: UrlService; kind: ReleaseKind; id: string };

function fromUrl(url: URL): Parsed | null {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.replace(/\/+$/, '');
  const match = (re: RegExp) => re.exec(path);
  if (host === 'open.spotify.com' || host === 'play.spotify.com') {
    const m = match(/^(?:\/intl-[a-z]{2}(?:-[a-z]{2})?)?\/(album|track)\/([A-Za-z0-9]{22})$/i);
    return m ? { service: 'spotify', kind: m[1]!.toLowerCase() as ReleaseKind, id: m[2]! } : null;
  }
  if (host === 'music.apple.com' || host === 'geo.music.apple.com' || host === 'itunes.apple.com') {
    const m = match(/^(?:\/[a-z]{2})?\/(album|song)(?:\/[^/]+)?\/(?:id)?(\d+)$/);
    if (!m) return null;
    const track = url.searchParams.get('i');
    if (m[1] === 'song') return { service: 'apple-music', kind: 'track', id: m[2]! };
    return track && /^\d+$/.test(track) ? { service: 'apple-music', kind: 'track', id: track } : { service: 'apple-music', kind: 'album', id: m[2]! };
  }
  if (host === 'deezer.com') {
    const m = match(/^(?:\/[a-z]{2}(?:-[a-z]{2})?)?\/(album|track)\/(\d+)$/);
    return m ? { service: 'deezer', kind: m[1] as ReleaseKind, id: m[2]! } : null;
  }
  if (host === 'tidal.com' || host === 'listen.tidal.com') {
    const m = match(/^(?:\/browse)?\/(album|track)\/(\d+)$/);
    return m ? { service: 'tidal', kind: m[1] as ReleaseKind, id: m[2]! } : null;
  }
  if (host === 'music.youtube.com') {
    const v = url.searchParams.get('v');
    const list = url.searchParams.get('list');
    if (path === '/watch' && v) return { service: 'youtube-music', kind: 'track', id: v };
    if (path === '/playlist' && list?.startsWith('OLAK5uy_')) return { service: 'youtube-music', kind: 'album', id: list };
    const m = match(/^\/browse\/(MPREb_[\w-]+)$/);
    return m ? { service: 'youtube-music', kind: 'album', id: m[1]! } : null;
  }
  if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtu.be') {
    const v = host === 'youtu.be' ? path.slice(1) : path === '/watch' ? url.searchParams.get('v') : null;
    return v && /^[\w-]{6,20}$/.test(v) ? { service: 'youtube', kind: 'track', id: v } : null;
  }
  if (/^music\.amazon\.(com|co\.uk|de|fr|it|es|ca|com\.au|co\.jp|com\.br|com\.mx|in)$/.test(host)) {
    const m = match(/^\/(albums|tracks)\/([A-Z0-9]{10})$/);
    if (!m) return null;
    const track = url.searchParams.get('trackAsin');
    if (m[1] === 'tracks') return { service: 'amazon-music', kind: 'track', id: m[2]! };
    return track ? { service: 'amazon-music', kind: 'track', id: track } : { service: 'amazon-music', kind: 'album', id: m[2]! };
  }
  if (host === 'soundcloud.com') {
    const m = match(/^\/([\w-]+)\/(sets\/)?([\w-]+)$/);
    return m ? { service: 'soundcloud', kind: m[2] ? 'album' : 'track', id: `${m[1]}/${m[2] ?? ''}${m[3]}` } : null;
  }
  if (host.endsWith('.bandcamp.com')) {
    const m = match(/^\/(album|track)\/([\w-]+)$/);
    return m ? { service: 'bandcamp', kind: m[1] as ReleaseKind, id: `${host.split('.')[0]}/${m[2]}` } : null;
  }
  return null;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

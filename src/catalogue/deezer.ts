// Deezer's public API (no key): an album by UPC (`/album/upc:<code>`), a track by ISRC
// (`/track/isrc:<code>`), by id, and search. Deezer answers "not found" with HTTP 200 and
// {"error":{"type":"DataException","message":"no data","code":800}}, and its quota (50 requests per
// 5 seconds) with code 4 — queued here, not failed. https://developers.deezer.com/api/errors
import type { HttpFor } from './http.js';
import { upcVariants } from './query.js';
import { day, hiddenIn, list, loose, object, required, text, texts, unexpected, type Ask, type Json } from './shape.js';
import type { Finding, Match, ReleaseKind } from './types.js';

const NO_DATA = 800;
const QUOTA = 4;
/** Deezer's quota window: wait this long when it says the quota is used up. */
const QUOTA_WINDOW_MS = 5000;

export interface Deezer {
  albumByUpc(upc: string, ask: Ask): Promise<Finding | null>;
  trackByIsrc(isrc: string, ask: Ask): Promise<Finding | null>;
  byId(kind: ReleaseKind, id: string, ask: Ask, match?: Match): Promise<Finding | null>;
  search(kind: ReleaseKind, title: string, artist: string, ask: Ask): Promise<Finding | null>;
}

export function createDeezer(httpFor: HttpFor, baseUrl: string): Deezer {
  const http = httpFor('deezer');
  const errorCode = (json: unknown) => object(object(json)?.error)?.code;

  async function get(path: string, ask: Ask): Promise<Json | null> {
    const answer = await http.getJson(`${baseUrl}${path}`, ask, {
      limitedInBody: (json) => (errorCode(json) === QUOTA ? QUOTA_WINDOW_MS : null),
      definitive: (a) => a.status === 200 && (errorCode(a.json) === undefined || errorCode(a.json) === NO_DATA),
    });
    const json = required('deezer', object(answer.json), 'a JSON object');
    const error = object(json.error);
    if (error) {
      if (error.code === NO_DATA) return null;
      throw unexpected('deezer', `error ${text(error.code) ?? '?'}: ${text(error.message) ?? 'no message'}`);
    }
    return json;
  }

  const album = (json: Json, match: Match): Finding => ({
    provider: 'deezer',
    kind: 'album',
    title: required('deezer', text(json.title), 'the album title'),
    artist: required('deezer', text(object(json.artist)?.name), 'the artist'),
    artworkUrl: text(json.cover_xl) ?? text(json.cover_big),
    releaseDate: day(json.release_date),
    upc: text(json.upc),
    isrc: null,
    match,
    links: [{ service: 'deezer', url: required('deezer', text(json.link), 'the album link') }],
    ids: { deezer: required('deezer', text(json.id), 'the album id') },
  });

  const track = (json: Json, match: Match, ask: Ask): Finding => {
    const countries = 'available_countries' in json ? texts(json.available_countries) : null;
    const hidden = hiddenIn(countries, ask.countries);
    return {
      provider: 'deezer',
      kind: 'track',
      title: required('deezer', text(json.title), 'the track title'),
      artist: required('deezer', text(object(json.artist)?.name), 'the artist'),
      artworkUrl: text(object(json.album)?.cover_xl),
      releaseDate: day(json.release_date),
      upc: null,
      isrc: text(json.isrc),
      match,
      links: [{ service: 'deezer', url: required('deezer', text(json.link), 'the track link'), ...(hidden ? { hiddenIn: hidden } : {}) }],
      ids: { deezer: required('deezer', text(json.id), 'the track id') },
    };
  };

  const byId: Deezer['byId'] = async (kind, id, ask, match = 'code') => {
    const json = await get(`/${kind}/${encodeURIComponent(id)}`, ask);
    return json && (kind === 'album' ? album(json, match) : track(json, match, ask));
  };

  return {
    async albumByUpc(upc, ask) {
      for (const code of upcVariants(upc)) {
        const json = await get(`/album/upc:${code}`, ask);
        if (json) return album(json, 'code');
      }
      return null;
    },
    async trackByIsrc(isrc, ask) {
      const json = await get(`/track/isrc:${isrc}`, ask);
      return json && track(json, 'code', ask);
    },
    byId,
    async search(kind, title, artist, ask) {
      const q = `artist:"${artist}" ${kind === 'album' ? 'album' : 'track'}:"${title}"`;
      const json = await get(`/search/${kind}?q=${encodeURIComponent(q)}&limit=5`, ask);
      const hit = list(json?.data).map(object).find((item) => item && loose(text(item.title) ?? '') === loose(title) && loose(text(object(item.artist)?.name) ?? '') === loose(artist));
      const id = hit && text(hit.id);
      return id ? byId(kind, id, ask, 'search') : null;
    },
  };
}

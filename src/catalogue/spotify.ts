// Spotify's Web API with the client-credentials flow (SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET; no
// user): the token is asked once and kept until shortly before it expires; albums and tracks by id,
// and search with the `upc:` and `isrc:` field filters. A 429 carries Retry-After (queued).
// https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow
// https://developer.spotify.com/documentation/web-api/reference/search
// https://developer.spotify.com/documentation/web-api/concepts/rate-limits
import type { HttpFor } from './http.js';
import { upcVariants } from './query.js';
import { day, hiddenIn, list, loose, object, required, text, texts, unexpected, type Ask, type Json } from './shape.js';
import { ProviderFailure, type Finding, type Match, type ReleaseKind } from './types.js';

export interface SpotifyOptions {
  readonly apiUrl: string;
  readonly accountsUrl: string;
  readonly clientId: string | null;
  readonly clientSecret: string | null;
}

export interface Spotify {
  albumByUpc(upc: string, ask: Ask): Promise<Finding | null>;
  trackByIsrc(isrc: string, ask: Ask): Promise<Finding | null>;
  byId(kind: ReleaseKind, id: string, ask: Ask, match?: Match): Promise<Finding | null>;
  search(kind: ReleaseKind, title: string, artist: string, ask: Ask): Promise<Finding | null>;
}

/** A token is renewed this long before Spotify says it expires. */
const TOKEN_MARGIN_MS = 60_000;

export function createSpotify(httpFor: HttpFor, { apiUrl, accountsUrl, clientId, clientSecret }: SpotifyOptions): Spotify {
  const http = httpFor('spotify');
  let token: { value: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function newToken(): Promise<string> {
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const answer = await http.postForm(`${accountsUrl}/api/token`, 'grant_type=client_credentials', { authorization: `Basic ${basic}` });
    const json = object(answer.json);
    if (answer.status !== 200) {
      const why = text(json?.error_description) ?? text(json?.error) ?? `HTTP ${answer.status}`;
      throw new ProviderFailure('spotify', 'error', `Spotify refused the client credentials (${why}): check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET`);
    }
    const value = required('spotify', text(json?.access_token), 'an access token');
    const expiresIn = typeof json?.expires_in === 'number' ? json.expires_in : 3600;
    token = { value, expiresAt: Date.now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return value;
  }

  async function accessToken(): Promise<string> {
    if (!clientId || !clientSecret) throw new ProviderFailure('spotify', 'not_configured', 'Spotify is not set up: set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET (a Spotify app, client-credentials flow)');
    if (token && token.expiresAt > Date.now()) return token.value;
    pending ??= newToken().finally(() => (pending = null));
    return pending;
  }

  async function get(path: string, ask: Ask): Promise<Json | null> {
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken();
      const answer = await http.getJson(`${apiUrl}${path}`, ask, { headers: { authorization: `Bearer ${bearer}` }, definitive: (a) => a.status === 200 });
      if (answer.status === 401 && attempt === 0) {
        token = null; // revoked or expired early: one new token, once
        continue;
      }
      if (answer.status === 404 || answer.status === 400) return null; // an unknown or malformed id
      if (answer.status !== 200) throw unexpected('spotify', `HTTP ${answer.status}: ${text(object(object(answer.json)?.error)?.message) ?? 'no message'}`);
      return required('spotify', object(answer.json), 'a JSON object');
    }
  }

  const finding = (kind: ReleaseKind, item: Json, albumOf: Json, match: Match, ask: Ask): Finding => {
    const markets = 'available_markets' in item ? texts(item.available_markets) : null;
    const hidden = hiddenIn(markets, ask.countries);
    const uri = text(item.uri);
    const precise = text(albumOf.release_date_precision) ?? 'day';
    return {
      provider: 'spotify',
      kind,
      title: required('spotify', text(item.name), 'the title'),
      artist: required('spotify', list(item.artists).map((a) => text(object(a)?.name)).filter(Boolean).join(', ') || null, 'the artists'),
      artworkUrl: text(object(list(albumOf.images)[0])?.url),
      releaseDate: precise === 'day' ? day(albumOf.release_date) : null,
      upc: kind === 'album' ? text(object(item.external_ids)?.upc) : null,
      isrc: kind === 'track' ? text(object(item.external_ids)?.isrc) : null,
      match,
      links: [
        {
          service: 'spotify',
          url: required('spotify', text(object(item.external_urls)?.spotify), 'the Spotify link'),
          ...(hidden ? { hiddenIn: hidden } : {}),
          ...(uri ? { appUris: { ios: uri } } : {}),
        },
      ],
      ids: { spotify: required('spotify', text(item.id), 'the id') },
    };
  };

  const fromItem = (kind: ReleaseKind, item: Json, match: Match, ask: Ask) => finding(kind, item, kind === 'album' ? item : (object(item.album) ?? {}), match, ask);

  async function searchFirst(kind: ReleaseKind, q: string, ask: Ask, accept: (item: Json) => boolean = () => true): Promise<Json | null> {
    const json = await get(`/v1/search?${new URLSearchParams({ q, type: kind, limit: '5' })}`, ask);
    return list(object(json?.[`${kind}s`])?.items).map(object).find((item): item is Json => item !== null && accept(item)) ?? null;
  }

  const byId: Spotify['byId'] = async (kind, id, ask, match = 'code') => {
    const json = await get(`/v1/${kind}s/${encodeURIComponent(id)}`, ask);
    return json && fromItem(kind, json, match, ask);
  };

  return {
    async albumByUpc(upc, ask) {
      for (const code of upcVariants(upc)) {
        const item = await searchFirst('album', `upc:${code}`, ask);
        if (item) return { ...fromItem('album', item, 'code', ask), upc };
      }
      return null;
    },
    async trackByIsrc(isrc, ask) {
      const item = await searchFirst('track', `isrc:${isrc}`, ask);
      return item && fromItem('track', item, 'code', ask);
    },
    byId,
    async search(kind, title, artist, ask) {
      const same = (item: Json) => loose(text(item.name) ?? '') === loose(title) && list(item.artists).some((a) => loose(text(object(a)?.name) ?? '') === loose(artist));
      const item = await searchFirst(kind, `${kind === 'album' ? 'album' : 'track'}:${title} artist:${artist}`, ask, same);
      return item && fromItem(kind, item, 'search', ask);
    },
  };
}

// Spotify Web API answers in its reference's shapes: the token
// (https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow), an album
// (https://developer.spotify.com/documentation/web-api/reference/get-an-album), a track
// (https://developer.spotify.com/documentation/web-api/reference/get-track), search with the upc:
// and isrc: filters (https://developer.spotify.com/documentation/web-api/reference/search); errors
// as { error: { status, message } }.
import { FIXTURE_ALBUM as A, FIXTURE_TRACKS, MARKETS, type World } from './release.js';
import type { Reply } from './reply.js';

export const SPOTIFY_CLIENT = { id: 'stub-client-id', secret: 'stub-client-secret' };
export const SPOTIFY_TOKEN = 'BQStubAccessToken';

const artists = [{ external_urls: { spotify: 'https://open.spotify.com/artist/0PaperLanternsArtist0x' }, href: 'https://api.spotify.com/v1/artists/0PaperLanternsArtist0x', id: '0PaperLanternsArtist0x', name: A.artist, type: 'artist', uri: 'spotify:artist:0PaperLanternsArtist0x' }];

const simplifiedAlbum = {
  album_type: 'album',
  total_tracks: FIXTURE_TRACKS.length,
  available_markets: MARKETS,
  external_urls: { spotify: A.spotifyUrl },
  href: `https://api.spotify.com/v1/albums/${A.spotifyId}`,
  id: A.spotifyId,
  images: [
    { url: A.artwork.spotify, height: 640, width: 640 },
    { url: `${A.artwork.spotify}-300`, height: 300, width: 300 },
  ],
  name: A.title,
  release_date: A.releaseDate,
  release_date_precision: 'day',
  type: 'album',
  uri: `spotify:album:${A.spotifyId}`,
  artists,
};

function track(t: (typeof FIXTURE_TRACKS)[number], n: number) {
  return {
    album: simplifiedAlbum,
    artists,
    available_markets: MARKETS,
    disc_number: 1,
    duration_ms: t.durationMs,
    explicit: false,
    external_ids: { isrc: t.isrc },
    external_urls: { spotify: `https://open.spotify.com/track/${t.spotifyId}` },
    href: `https://api.spotify.com/v1/tracks/${t.spotifyId}`,
    id: t.spotifyId,
    name: t.title,
    popularity: 12,
    track_number: n,
    type: 'track',
    uri: `spotify:track:${t.spotifyId}`,
    is_local: false,
  };
}

const album = {
  ...simplifiedAlbum,
  tracks: { href: `https://api.spotify.com/v1/albums/${A.spotifyId}/tracks?offset=0&limit=50`, limit: 50, next: null, offset: 0, previous: null, total: FIXTURE_TRACKS.length, items: FIXTURE_TRACKS.map((t, i) => ({ ...track(t, i + 1), album: undefined, external_ids: undefined, popularity: undefined })) },
  copyrights: [{ text: '℗ 2026 Lantern Records', type: 'P' }],
  external_ids: { upc: A.upc },
  genres: [],
  label: 'Lantern Records',
  popularity: 12,
};

const page = (kind: 'albums' | 'tracks', items: unknown[]) => ({ [kind]: { href: 'https://api.spotify.com/v1/search', limit: 5, next: null, offset: 0, previous: null, total: items.length, items } });

export function spotifyAnswer(method: string, path: string, query: URLSearchParams, headers: Readonly<Record<string, string | string[] | undefined>>, form: URLSearchParams, world: World): Reply {
  if (method === 'POST' && path === '/api/token') {
    const expected = `Basic ${Buffer.from(`${SPOTIFY_CLIENT.id}:${SPOTIFY_CLIENT.secret}`).toString('base64')}`;
    if (headers.authorization !== expected || form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
    return { status: 200, body: { access_token: SPOTIFY_TOKEN, token_type: 'Bearer', expires_in: 3600 } };
  }
  if (headers.authorization !== `Bearer ${SPOTIFY_TOKEN}`) return { status: 401, body: { error: { status: 401, message: 'Invalid access token' } } };
  if (path === `/v1/albums/${A.spotifyId}`) return { status: 200, body: album };
  const byId = FIXTURE_TRACKS.find((t) => path === `/v1/tracks/${t.spotifyId}`);
  if (byId) return { status: 200, body: track(byId, FIXTURE_TRACKS.indexOf(byId) + 1) };
  if (path === '/v1/search') {
    const q = query.get('q') ?? '';
    const type = query.get('type');
    if (type === 'album') {
      const found = world.spotifyIndexed ? q === `upc:${A.upc}` || q.startsWith(`album:${A.title} `) : q.startsWith(`album:${A.title} `);
      return { status: 200, body: page('albums', found ? [simplifiedAlbum] : []) };
    }
    if (type === 'track') {
      const hits = FIXTURE_TRACKS.filter((t) => (world.spotifyIndexed && q === `isrc:${t.isrc}`) || q.startsWith(`track:${t.title} `));
      return { status: 200, body: page('tracks', hits.map((t) => track(t, FIXTURE_TRACKS.indexOf(t) + 1))) };
    }
    return { status: 400, body: { error: { status: 400, message: 'Bad search type field' } } };
  }
  return { status: 404, body: { error: { status: 404, message: 'Resource not found' } } };
}

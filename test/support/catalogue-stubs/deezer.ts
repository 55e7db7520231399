// Deezer's answers, in the shapes of its documentation:
// album https://developers.deezer.com/api/album · track https://developers.deezer.com/api/track ·
// search https://developers.deezer.com/api/search · errors https://developers.deezer.com/api/errors
// (errors come with HTTP 200: "no data" is code 800, the quota code 4).
import { FIXTURE_ALBUM as A, FIXTURE_TRACKS, MARKETS } from './release.js';
import type { Reply } from './reply.js';

export const DEEZER_NO_DATA = { error: { type: 'DataException', message: 'no data', code: 800 } };
export const DEEZER_QUOTA = { error: { type: 'Exception', message: 'Quota limit exceeded', code: 4 } };

const artist = { id: 9100001, name: A.artist, link: 'https://www.deezer.com/artist/9100001', picture: 'https://api.deezer.com/artist/9100001/image', tracklist: 'https://api.deezer.com/artist/9100001/top?limit=50', type: 'artist' };
const albumRef = { id: Number(A.deezerId), title: A.title, link: `https://www.deezer.com/album/${A.deezerId}`, cover: `https://api.deezer.com/album/${A.deezerId}/image`, cover_small: A.artwork.deezer.replace('1000x1000', '56x56'), cover_medium: A.artwork.deezer.replace('1000x1000', '250x250'), cover_big: A.artwork.deezer.replace('1000x1000', '500x500'), cover_xl: A.artwork.deezer, md5_image: 'harbourlights', release_date: A.releaseDate, tracklist: `https://api.deezer.com/album/${A.deezerId}/tracks`, type: 'album' };

function track(t: (typeof FIXTURE_TRACKS)[number], position: number) {
  return {
    id: Number(t.deezerId),
    readable: true,
    title: t.title,
    title_short: t.title,
    title_version: '',
    isrc: t.isrc,
    link: `https://www.deezer.com/track/${t.deezerId}`,
    share: `https://www.deezer.com/track/${t.deezerId}?utm_source=deezer&utm_content=track-${t.deezerId}`,
    duration: t.durationMs / 1000,
    track_position: position,
    disk_number: 1,
    rank: 120000,
    release_date: A.releaseDate,
    explicit_lyrics: false,
    preview: `https://cdns-preview-d.dzcdn.net/stream/${t.deezerId}.mp3`,
    bpm: 0,
    gain: -8.1,
    available_countries: MARKETS,
    contributors: [{ ...artist, role: 'Main' }],
    md5_image: 'harbourlights',
    artist,
    album: albumRef,
    type: 'track',
  };
}

const album = {
  ...albumRef,
  upc: `0${A.upc}`,
  share: `https://www.deezer.com/album/${A.deezerId}?utm_source=deezer`,
  genre_id: 85,
  genres: { data: [{ id: 85, name: 'Alternative', picture: 'https://api.deezer.com/genre/85/image', type: 'genre' }] },
  label: 'Lantern Records',
  nb_tracks: FIXTURE_TRACKS.length,
  duration: 401,
  fans: 12,
  available: true,
  explicit_lyrics: false,
  contributors: [{ ...artist, role: 'Main' }],
  artist,
  tracks: { data: FIXTURE_TRACKS.map((t, i) => ({ ...track(t, i + 1), album: undefined })) },
};

export function deezerAnswer(path: string, query: URLSearchParams): Reply {
  const ok = (body: unknown): Reply => ({ status: 200, body });
  if (path === `/album/upc:0${A.upc}` || path === `/album/${A.deezerId}`) return ok(album);
  const byIsrc = FIXTURE_TRACKS.find((t) => path === `/track/isrc:${t.isrc}` || path === `/track/${t.deezerId}`);
  if (byIsrc) return ok(track(byIsrc, FIXTURE_TRACKS.indexOf(byIsrc) + 1));
  if (path === '/search/album' || path === '/search/track') {
    const q = query.get('q') ?? '';
    const hits = path === '/search/album' ? (q.includes(`"${A.title}"`) ? [albumRef] : []) : FIXTURE_TRACKS.filter((t) => q.includes(`"${t.title}"`)).map((t, i) => track(t, i + 1));
    return ok({ data: hits.map((h) => ({ ...h, artist })), total: hits.length });
  }
  return ok(DEEZER_NO_DATA);
}

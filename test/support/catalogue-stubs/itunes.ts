// iTunes Search API answers: `{ resultCount, results: [...] }`, a collection (wrapperType
// "collection") or a song (wrapperType "track", kind "song"); an unknown id, UPC or storefront gives
// resultCount 0. https://performance-partners.apple.com/search-api and
// https://developer.apple.com/library/archive/documentation/AudioVideo/Conceptual/iTuneSearchAPI/UnderstandingSearchResults.html
import { APPLE_STOREFRONTS, FIXTURE_ALBUM as A, FIXTURE_TRACKS } from './release.js';
import type { Reply } from './reply.js';

const CURRENCY: Readonly<Record<string, [string, string]>> = { us: ['USA', 'USD'], gb: ['GBR', 'GBP'], fr: ['FRA', 'EUR'], de: ['DEU', 'EUR'] };

function collection(cc: string) {
  return {
    wrapperType: 'collection',
    collectionType: 'Album',
    artistId: 1699999999,
    collectionId: Number(A.appleId),
    artistName: A.artist,
    collectionName: A.title,
    collectionCensoredName: A.title,
    artistViewUrl: `https://music.apple.com/${cc}/artist/the-paper-lanterns/1699999999?uo=4`,
    collectionViewUrl: `https://music.apple.com/${cc}/album/harbour-lights/${A.appleId}?uo=4`,
    artworkUrl60: A.artwork.itunes.replace('100x100', '60x60'),
    artworkUrl100: A.artwork.itunes,
    collectionPrice: 9.99,
    collectionExplicitness: 'notExplicit',
    trackCount: FIXTURE_TRACKS.length,
    copyright: '℗ 2026 Lantern Records',
    country: CURRENCY[cc]![0],
    currency: CURRENCY[cc]![1],
    releaseDate: `${A.releaseDate}T08:00:00Z`,
    primaryGenreName: 'Alternative',
  };
}

function song(cc: string, t: (typeof FIXTURE_TRACKS)[number], n: number) {
  return {
    wrapperType: 'track',
    kind: 'song',
    artistId: 1699999999,
    collectionId: Number(A.appleId),
    trackId: Number(t.appleId),
    artistName: A.artist,
    collectionName: A.title,
    trackName: t.title,
    collectionViewUrl: `https://music.apple.com/${cc}/album/harbour-lights/${A.appleId}?i=${t.appleId}&uo=4`,
    trackViewUrl: `https://music.apple.com/${cc}/album/${t.title.toLowerCase().replace(/ /g, '-')}/${A.appleId}?i=${t.appleId}&uo=4`,
    previewUrl: `https://audio-ssl.itunes.apple.com/preview/${t.appleId}.m4a`,
    artworkUrl100: A.artwork.itunes,
    releaseDate: `${A.releaseDate}T08:00:00Z`,
    trackNumber: n,
    trackCount: FIXTURE_TRACKS.length,
    trackTimeMillis: t.durationMs,
    country: CURRENCY[cc]![0],
    currency: CURRENCY[cc]![1],
    primaryGenreName: 'Alternative',
    isStreamable: true,
  };
}

export function itunesAnswer(path: string, query: URLSearchParams): Reply {
  const cc = (query.get('country') ?? 'us').toLowerCase();
  const carried = APPLE_STOREFRONTS.includes(cc.toUpperCase());
  const results: unknown[] = [];
  if (carried && path === '/lookup') {
    if (query.get('upc') === A.upc || query.get('id') === A.appleId) results.push(collection(cc));
    FIXTURE_TRACKS.forEach((t, i) => query.get('id') === t.appleId && results.push(song(cc, t, i + 1)));
  }
  if (carried && path === '/search') {
    const term = query.get('term') ?? '';
    if (query.get('entity') === 'album' && term.includes(A.title)) results.push(collection(cc));
    if (query.get('entity') === 'song') FIXTURE_TRACKS.forEach((t, i) => term.includes(t.title) && results.push(song(cc, t, i + 1)));
  }
  return { status: 200, body: { resultCount: results.length, results } };
}

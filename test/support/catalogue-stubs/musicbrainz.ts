// MusicBrainz's ISRC lookup, JSON (https://musicbrainz.org/doc/MusicBrainz_API, "Non-MBID lookups":
// /ws/2/isrc/<isrc>?inc=…&fmt=json → { isrc, recordings: [{ id, title, length, video,
// disambiguation, first-release-date, artist-credit: [{ name, joinphrase, artist }], releases }] }).
// An ISRC it does not know: 404 { error: 'Not Found', help }.
import { FIXTURE_ALBUM as A, FIXTURE_TRACKS } from './release.js';
import type { Reply } from './reply.js';

const artist = { id: 'b1e0a2c3-9d8f-4e7a-8b6c-5d4e3f2a1b0c', name: A.artist, 'sort-name': 'Paper Lanterns, The', type: 'Group', disambiguation: '', 'type-id': 'e431f5f6-b5d2-343d-8b36-72607fffb74b' };

export function musicbrainzAnswer(path: string): Reply {
  const track = FIXTURE_TRACKS.find((t) => path === `/ws/2/isrc/${t.isrc}`);
  if (!track) return { status: 404, body: { error: 'Not Found', help: 'For usage, please see: https://musicbrainz.org/development/mmd' } };
  const release = { id: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a', title: A.title, status: 'Official', 'status-id': '4e304316-386d-3409-af2e-78857eec5cfe', date: A.releaseDate, country: 'XW', barcode: A.upc, packaging: 'None', quality: 'normal', disambiguation: '', 'artist-credit': [{ name: A.artist, joinphrase: '', artist }], 'release-events': [{ date: A.releaseDate, area: { id: '525d4e18-3d00-31b9-a58b-a146a916de8f', name: '[Worldwide]', 'iso-3166-1-codes': ['XW'] } }], 'text-representation': { language: 'eng', script: 'Latn' } };
  return {
    status: 200,
    body: {
      isrc: track.isrc,
      recordings: [{ id: track.mbid, title: track.title, length: track.durationMs, video: false, disambiguation: '', 'first-release-date': A.releaseDate, 'artist-credit': [{ name: A.artist, joinphrase: '', artist }], releases: [release] }],
    },
  };
}

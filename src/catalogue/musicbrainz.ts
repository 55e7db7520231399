// MusicBrainz: an ISRC → the recordings that carry it (title, artist credit, first release date).
// `GET /ws/2/isrc/<isrc>?fmt=json&inc=releases+artist-credits`; it requires a User-Agent naming the
// application and a contact (CATALOGUE_CONTACT) and allows one request a second.
// https://musicbrainz.org/doc/MusicBrainz_API (Non-MBID lookups: isrc)
// https://musicbrainz.org/doc/MusicBrainz_API/Rate_Limiting
import type { HttpFor } from './http.js';
import { day, list, object, required, text, type Ask } from './shape.js';
import { ProviderFailure, type Finding } from './types.js';

export interface MusicBrainz {
  byIsrc(isrc: string, ask: Ask): Promise<Finding | null>;
}

export function createMusicBrainz(httpFor: HttpFor, baseUrl: string, contact: string | null, version: string): MusicBrainz {
  const http = httpFor('musicbrainz');
  return {
    async byIsrc(isrc, ask) {
      if (!contact) throw new ProviderFailure('musicbrainz', 'not_configured', 'MusicBrainz is not set up: set CATALOGUE_CONTACT (an e-mail or URL for its required User-Agent)');
      const answer = await http.getJson(`${baseUrl}/ws/2/isrc/${encodeURIComponent(isrc)}?fmt=json&inc=releases+artist-credits`, ask, {
        headers: { 'user-agent': `Duotrack/${version} ( ${contact} )` },
      });
      if (answer.status === 404) return null;
      const recording = object(list(required('musicbrainz', object(answer.json), 'a JSON object').recordings)[0]);
      if (!recording) return null;
      const credit = list(recording['artist-credit'])
        .map(object)
        .map((c) => `${text(c?.name) ?? ''}${typeof c?.joinphrase === 'string' ? c.joinphrase : ''}`)
        .join('')
        .trim();
      return {
        provider: 'musicbrainz',
        kind: 'track',
        title: required('musicbrainz', text(recording.title), 'the recording title'),
        artist: required('musicbrainz', credit || null, 'the artist credit'),
        artworkUrl: null,
        releaseDate: day(recording['first-release-date']),
        upc: null,
        isrc,
        match: 'code',
        links: [],
      };
    },
  };
}

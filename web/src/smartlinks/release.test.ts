import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, newService, type SmartlinkDraft } from './draft';
import { filledDraft, stillMissing, toCheck, type CatalogueRelease } from './release';

const release: CatalogueRelease = {
  kind: 'album',
  title: 'Midnight Drive',
  artist: 'Nova Lune',
  artworkUrl: 'https://i.scdn.co/image/cover',
  releaseDate: '2026-11-20',
  upc: '5021732000013',
  isrc: null,
  services: [
    { service: 'spotify', url: 'https://open.spotify.com/album/a', source: 'spotify', confidence: 1, review: false },
    {
      service: 'apple-music',
      url: 'https://music.apple.com/us/album/1',
      countries: { GB: 'https://music.apple.com/gb/album/1' },
      hiddenIn: ['JP'],
      appUris: { ios: 'music://album/1' },
      source: 'itunes',
      confidence: 0.95,
      review: false,
    },
    { service: 'tidal', url: 'https://tidal.com/album/9', source: 'odesli', confidence: 0.6, review: true },
  ],
  missing: ['soundcloud', 'bandcamp'],
  providers: [{ provider: 'deezer', status: 'error', message: 'HTTP 500' }],
};

const empty = (): SmartlinkDraft => draftOf();

describe('filling the form from a release', () => {
  it('fills every field and service of a new smartlink, drops the empty row and keeps the identity', () => {
    const filled = filledDraft(empty(), release, ' https://open.spotify.com/album/a ', false);
    expect(filled).toMatchObject({ artistName: 'Nova Lune', trackTitle: 'Midnight Drive', slug: 'nova-lune-midnight-drive', artworkUrl: 'https://i.scdn.co/image/cover', releaseDate: '2026-11-20', status: 'draft' });
    expect(filled.services.map((s) => [s.service, s.origin])).toEqual([
      ['spotify', { source: 'spotify', confidence: 1, review: false }],
      ['apple-music', { source: 'itunes', confidence: 0.95, review: false }],
      ['tidal', { source: 'odesli', confidence: 0.6, review: true }],
    ]);
    const body = bodyOf(filled);
    expect(body.services[1]).toEqual({ service: 'apple-music', url: 'https://music.apple.com/us/album/1', countries: { GB: 'https://music.apple.com/gb/album/1' }, hiddenIn: ['JP'], appUris: { ios: 'music://album/1' } });
    expect(body.catalogue).toEqual({ upc: '5021732000013', sourceUrl: 'https://open.spotify.com/album/a' });
  });

  it('keeps a slug set by hand, and the rows typed by hand, replacing a service the release has in its place', () => {
    const mine = { ...newService('bandcamp'), url: 'https://nova.bandcamp.com/album/a' };
    const oldSpotify = { ...newService('spotify'), url: 'https://open.spotify.com/album/old' };
    const draft = { ...empty(), slug: 'my-slug', services: [mine, oldSpotify] };
    const filled = filledDraft(draft, release, '5021732000013', true);
    expect(filled.slug).toBe('my-slug');
    expect(filled.services.map((s) => [s.service, s.url])).toEqual([
      ['bandcamp', 'https://nova.bandcamp.com/album/a'],
      ['spotify', 'https://open.spotify.com/album/a'],
      ['apple-music', 'https://music.apple.com/us/album/1'],
      ['tidal', 'https://tidal.com/album/9'],
    ]);
    expect(filled.services[1]!.key).toBe(oldSpotify.key); // the row stays the same row
    expect(filled.catalogue).toEqual({ upc: '5021732000013' }); // a UPC is not a source link
  });

  it('suggests a slug when the one set by hand was emptied', () => {
    expect(filledDraft({ ...empty(), slug: ' ' }, release, '5021732000013', true).slug).toBe('nova-lune-midnight-drive');
  });

  it('names the rows still to check and the missing services not added since', () => {
    const filled = filledDraft(empty(), release, '5021732000013', false);
    expect(toCheck(filled.services)).toEqual(['TIDAL']);
    expect(toCheck(filled.services.map((s) => (s.origin ? { ...s, origin: { ...s.origin, review: false } } : s)))).toEqual([]);
    expect(stillMissing(release.missing, [...filled.services, newService('bandcamp')])).toEqual(['soundcloud']);
  });
});

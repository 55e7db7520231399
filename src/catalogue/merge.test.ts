import { describe, expect, it } from 'vitest';
import { mergeRelease } from './merge.js';
import { deriveAmazonStorefronts } from './storefronts.js';
import type { Finding, FoundLink, Match, ProviderName } from './types.js';

const finding = (provider: ProviderName, match: Match, links: FoundLink[], extra: Partial<Finding> = {}): Finding => ({
  provider, kind: 'album', title: `${provider} title`, artist: 'Artist', artworkUrl: null, releaseDate: null, upc: null, isrc: null, match, links, ...extra,
});

describe('mergeRelease', () => {
  it('takes each service from its surest source: code 1.0 over Odesli 0.9 over search 0.6 (marked for review)', () => {
    const release = mergeRelease('album', [
      finding('odesli', 'crosslink', [{ service: 'spotify', url: 'https://open.spotify.com/album/x', appUris: { ios: 'spotify:album:x' } }, { service: 'tidal', url: 'https://tidal.com/album/1' }]),
      finding('spotify', 'code', [{ service: 'spotify', url: 'https://open.spotify.com/album/x?si=1', hiddenIn: ['JP'] }]),
      finding('deezer', 'search', [{ service: 'deezer', url: 'https://www.deezer.com/album/1' }]),
    ], []);
    expect(release.services).toEqual([
      { service: 'spotify', url: 'https://open.spotify.com/album/x?si=1', hiddenIn: ['JP'], appUris: { ios: 'spotify:album:x' }, source: 'spotify', confidence: 1, review: false },
      { service: 'deezer', url: 'https://www.deezer.com/album/1', source: 'deezer', confidence: 0.6, review: true },
      { service: 'tidal', url: 'https://tidal.com/album/1', source: 'odesli', confidence: 0.9, review: false },
    ]);
    expect(release.missing).toEqual(['apple-music', 'youtube-music', 'amazon-music']);
  });

  it('takes the title from Spotify first, the artwork from Deezer first, codes by kind', () => {
    const release = mergeRelease('album', [
      finding('itunes', 'code', [], { artworkUrl: 'https://itunes/100.jpg', releaseDate: '2026-03-06' }),
      finding('deezer', 'code', [], { artworkUrl: 'https://deezer/xl.jpg', upc: '505616710003', isrc: 'GBXYZ2600001' }),
      finding('spotify', 'code', [], { artworkUrl: 'https://spotify/640.jpg' }),
    ], []);
    expect(release).toMatchObject({ title: 'spotify title', artworkUrl: 'https://deezer/xl.jpg', releaseDate: '2026-03-06', upc: '505616710003', isrc: null });
  });

  it.each([
    {
      name: 'a code match',
      sure: finding('itunes', 'code', [], { title: 'Harbour Lights', artist: 'Nova Lune', artworkUrl: 'https://itunes/100.jpg', releaseDate: '2026-03-06', upc: '505616710003' }),
    },
    {
      name: 'a cross-link',
      sure: finding('odesli', 'crosslink', [], { title: 'Harbour Lights', artist: 'Nova Lune', artworkUrl: 'https://odesli/thumb.jpg', releaseDate: '2026-03-06', upc: '505616710003' }),
    },
  ])('takes the details from $name before a search hit of a richer provider', ({ sure }) => {
    const guesses = [
      finding('spotify', 'search', [], { title: 'Harbour Lights (Live)', artist: 'Nova Lune Tribute', artworkUrl: 'https://spotify/other.jpg', releaseDate: '2019-01-01', upc: '999999999993' }),
      finding('deezer', 'search', [], { title: 'Harbour Lights', artist: 'Someone Else', artworkUrl: 'https://deezer/other.jpg', releaseDate: '2018-05-05', upc: '888888888888' }),
    ];
    const release = mergeRelease('album', [...guesses, sure], []);
    expect(release).toMatchObject({ title: sure.title, artist: sure.artist, artworkUrl: sure.artworkUrl, releaseDate: sure.releaseDate, upc: sure.upc });
  });

  it('still takes a detail from a search hit when no surer finding has it', () => {
    const release = mergeRelease('album', [finding('deezer', 'search', [], { artworkUrl: 'https://deezer/xl.jpg' }), finding('odesli', 'crosslink', [])], []);
    expect(release).toMatchObject({ title: 'odesli title', artworkUrl: 'https://deezer/xl.jpg' });
  });
});

describe('deriveAmazonStorefronts', () => {
  it('swaps the Amazon domain per storefront country, keeps the ASIN, and says it is derived', () => {
    const link = deriveAmazonStorefronts({ service: 'amazon-store', url: 'https://amazon.com/dp/B0FXHARBR1' }, ['US', 'GB', 'SE']);
    expect(link.countries).toEqual({ US: 'https://www.amazon.com/dp/B0FXHARBR1', GB: 'https://www.amazon.co.uk/dp/B0FXHARBR1' });
    expect(link.note).toMatch(/not looked up/);
  });

  it('leaves a link that is not on a known Amazon domain as it is', () => {
    const link: FoundLink = { service: 'amazon-music', url: 'https://example.com/albums/B0FXHARBR1' };
    expect(deriveAmazonStorefronts(link, ['US', 'GB'])).toBe(link);
  });
});

import { describe, expect, it } from 'vitest';
import { mergeRelease } from './merge.js';
import { deriveAmazonStorefronts } from './storefronts.js';
import type { Finding, FoundLink, ProviderName } from './types.js';

const finding = (provider: ProviderName, links: FoundLink[], extra: Partial<Finding> = {}): Finding => ({
  provider, kind: 'album', title: `${provider} title`, artist: 'Artist', artworkUrl: null, releaseDate: null, upc: null, isrc: null, links, ...extra,
});

describe('mergeRelease', () => {
  it('takes each service from its surest source: code 1.0 over Odesli 0.9 over search 0.6 (marked for review)', () => {
    const release = mergeRelease('album', [
      finding('odesli', [{ service: 'spotify', url: 'https://open.spotify.com/album/x', match: 'crosslink', appUris: { ios: 'spotify:album:x' } }, { service: 'tidal', url: 'https://tidal.com/album/1', match: 'crosslink' }]),
      finding('spotify', [{ service: 'spotify', url: 'https://open.spotify.com/album/x?si=1', match: 'code', hiddenIn: ['JP'] }]),
      finding('deezer', [{ service: 'deezer', url: 'https://www.deezer.com/album/1', match: 'search' }]),
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
      finding('itunes', [], { artworkUrl: 'https://itunes/100.jpg', releaseDate: '2026-03-06' }),
      finding('deezer', [], { artworkUrl: 'https://deezer/xl.jpg', upc: '505616710003', isrc: 'GBXYZ2600001' }),
      finding('spotify', [], { artworkUrl: 'https://spotify/640.jpg' }),
    ], []);
    expect(release).toMatchObject({ title: 'spotify title', artworkUrl: 'https://deezer/xl.jpg', releaseDate: '2026-03-06', upc: '505616710003', isrc: null });
  });
});

describe('deriveAmazonStorefronts', () => {
  it('swaps the Amazon domain per storefront country, keeps the ASIN, and says it is derived', () => {
    const link = deriveAmazonStorefronts({ service: 'amazon-store', url: 'https://amazon.com/dp/B0FXHARBR1', match: 'crosslink' }, ['US', 'GB', 'SE']);
    expect(link.countries).toEqual({ US: 'https://www.amazon.com/dp/B0FXHARBR1', GB: 'https://www.amazon.co.uk/dp/B0FXHARBR1' });
    expect(link.note).toMatch(/not looked up/);
  });

  it('leaves a link that is not on a known Amazon domain as it is', () => {
    const link: FoundLink = { service: 'amazon-music', url: 'https://example.com/albums/B0FXHARBR1', match: 'crosslink' };
    expect(deriveAmazonStorefronts(link, ['US', 'GB'])).toBe(link);
  });
});

// The fixture release the catalogue stubs know: an album with a UPC and two tracks with ISRCs, on
// Spotify, Apple Music (in the US, GB, FR and DE storefronts, not in JP), Deezer, YouTube Music,
// Amazon and — once `world.tidalReleased` — TIDAL. Exported for the tests and the browser test.

export const FIXTURE_ALBUM = {
  title: 'Harbour Lights',
  artist: 'The Paper Lanterns',
  /** UPC-A as Spotify and iTunes know it; Deezer stores it as EAN-13 (a leading 0). */
  upc: '505616710003',
  releaseDate: '2026-03-06',
  spotifyId: '6hArb0urL1ghtsAlbum0xZ',
  spotifyUrl: 'https://open.spotify.com/album/6hArb0urL1ghtsAlbum0xZ',
  appleId: '1700000001',
  deezerId: '610000001',
  tidalId: '300000001',
  amazonAsin: 'B0FXHARBR1',
  youtubeList: 'OLAK5uy_harbourLightsFixture01',
  artwork: { spotify: 'https://i.scdn.co/image/ab67616d0000b273harbourlights', deezer: 'https://cdn-images.dzcdn.net/images/cover/harbourlights/1000x1000-000000-80-0-0.jpg', itunes: 'https://is1-ssl.mzstatic.com/image/thumb/Music/harbourlights/100x100bb.jpg' },
} as const;

export const FIXTURE_TRACKS = [
  { title: 'Harbour Lights', isrc: 'GBXYZ2600001', spotifyId: '1hArb0urL1ghtsTrack01x', appleId: '1700000002', deezerId: '610000011', mbid: '7c4d2d4e-0f2b-4d0e-9a51-2f5b8c1d0001', durationMs: 214000 },
  { title: 'Low Tide', isrc: 'GBXYZ2600002', spotifyId: '1L0wT1deTrack02xxxxxxx', appleId: '1700000003', deezerId: '610000012', mbid: '7c4d2d4e-0f2b-4d0e-9a51-2f5b8c1d0002', durationMs: 187000 },
] as const;

/** Apple's storefronts that carry the release (a lookup elsewhere finds nothing). */
export const APPLE_STOREFRONTS = ['US', 'GB', 'FR', 'DE'];
/** Spotify's available_markets, Deezer's available_countries for the tracks. */
export const MARKETS = ['US', 'GB', 'FR', 'DE', 'CA'];
/** Amazon's storefronts that carry it (Odesli has no Amazon link when asked from elsewhere). */
export const AMAZON_STOREFRONTS = ['US', 'GB', 'FR', 'DE'];

/** Codes no catalogue knows (valid: the UPC's check digit is right). */
export const UNKNOWN_UPC = '000000000000';
export const UNKNOWN_ISRC = 'ZZXXX2600099';

/** What changes in the catalogues after release day (the tests switch it). */
export interface World {
  /** TIDAL has the release (Odesli lists it). */
  tidalReleased: boolean;
  /** Spotify's search by UPC/ISRC finds it and Odesli links it; false: only a title search on Spotify finds it. */
  spotifyIndexed: boolean;
}

// The demo a newcomer sees after `npm start`: one branded client and a live smartlink at /demo.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { MAX_PIXELS, storeArtwork } from '../artwork/ingest.js';
import { processArtwork, type ProcessedArtwork } from '../artwork/process.js';
import { DEMO_COVER } from '../landing/assets.js';
import { createSmartlink, getSmartlinkBySlug, setSmartlinkArtwork, type Smartlink } from '../links/smartlink.js';
import { createClient } from './client.js';

export const DEMO_SLUG = 'demo';
const DEMO_ARTWORK_URL = '/assets/demo-cover.svg';

/**
 * Creates the demo client and smartlink unless /demo already exists, and gives it Duotrack's raster
 * copy of its artwork (the 1200×630 JPEG og:image link previews show). Returns the smartlink.
 */
export async function seedDemo(db: Kysely<Schema>): Promise<{ smartlink: Smartlink; created: boolean }> {
  const existing = await getSmartlinkBySlug(db, DEMO_SLUG);
  if (existing) return { smartlink: await withDemoArtwork(db, existing), created: false };
  const client = await createClient(db, {
    name: 'Duotrack Demo Records',
    branding: { logo: null, primaryColor: '#ff5f6d', secondaryColor: '#1a1033', font: 'system' },
    // Placeholders, so a newcomer sees every tag in the page source. They are not real accounts:
    // replace them with the client's own ids.
    tracking: { gtm: 'GTM-DEMO0000', ga4: 'G-DEMO000000', facebook: '000000000000000', tiktok: 'DEMO0000000000000000' },
    conversionValue: 0.05,
  });
  const smartlink = await createSmartlink(db, {
    clientId: client.id,
    slug: DEMO_SLUG,
    artistName: 'Nova Lune',
    trackTitle: 'Midnight Drive',
    artworkUrl: DEMO_ARTWORK_URL,
    releaseDate: '2026-11-20',
    status: 'live',
    services: [
      { service: 'spotify', url: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC' },
      { service: 'apple-music', url: 'https://music.apple.com/us/album/1440857781' },
      { service: 'deezer', url: 'https://www.deezer.com/track/3135556' },
      { service: 'youtube-music', url: 'https://music.youtube.com/watch?v=dQw4w9WgXcQ' },
      {
        service: 'amazon-music',
        url: 'https://music.amazon.com/albums/B00TSHX8W4',
        countries: { FR: 'https://music.amazon.fr/albums/B00TSHX8W4', DE: 'https://music.amazon.de/albums/B00TSHX8W4' },
      },
      { service: 'tidal', url: 'https://tidal.com/browse/track/1581397' },
      { service: 'soundcloud', url: 'https://soundcloud.com/rick-astley-official/never-gonna-give-you-up-4' },
    ],
  });
  return { smartlink: await withDemoArtwork(db, smartlink), created: true };
}

/** The demo artwork's files, made once per process (the same bundled image every time). */
let demoFiles: Promise<ProcessedArtwork> | null = null;

/** The demo smartlink with its artwork copied from the bundled SVG (if it still shows that SVG). */
async function withDemoArtwork(db: Kysely<Schema>, smartlink: Smartlink): Promise<Smartlink> {
  if (smartlink.artwork || smartlink.artworkUrl !== DEMO_ARTWORK_URL) return smartlink;
  const artwork = await storeArtwork(db, Buffer.from(DEMO_COVER), (source) => (demoFiles ??= processArtwork(source, { maxPixels: MAX_PIXELS, svg: true })));
  return (await setSmartlinkArtwork(db, smartlink.id, DEMO_ARTWORK_URL, artwork)) ? { ...smartlink, artwork } : smartlink;
}

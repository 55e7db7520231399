// The rendered-page cache: one byte budget for every landing, host and variant together, and a key
// that changes with anything the page shows, so that an edit is never served stale.
import { describe, expect, it } from 'vitest';
import type { Landing } from '../links/landing-lookup.js';
import type { ServiceLink, Smartlink } from '../links/smartlink.js';
import { DEFAULT_BRANDING, DEFAULT_CONSENT_REGIONS, DEFAULT_PRIVACY, DEFAULT_SETTINGS, type Client } from '../tenants/client.js';
import { fillSlots } from './layout.js';
import { createRenderCache, RENDER_CACHE_BYTES, renderedLanding, type RenderedLanding } from './page.js';

const SERVICES: readonly ServiceLink[] = [
  { service: 'spotify', url: 'https://open.spotify.com/album/1' },
  { service: 'apple-music', url: 'https://music.apple.com/us/album/1' },
  { service: 'deezer', url: 'https://www.deezer.com/album/1' },
  { service: 'audiomack', url: 'https://audiomack.com/a/album/1' },
];
const CLIENT: Client = {
  id: 'c1',
  name: 'Cache Records',
  domain: null,
  tracking: {},
  branding: DEFAULT_BRANDING,
  settings: DEFAULT_SETTINGS,
  consentRegions: DEFAULT_CONSENT_REGIONS,
  conversionValue: null,
  currency: null,
  timeZone: 'UTC',
  privacy: DEFAULT_PRIVACY,
  createdAt: 0,
  archivedAt: null,
};
const SMARTLINK: Smartlink = {
  id: 's1',
  clientId: 'c1',
  slug: 'cached',
  artistName: 'Lune',
  trackTitle: 'Old title',
  artworkUrl: null,
  releaseDate: null,
  services: SERVICES,
  status: 'live',
  tracking: null,
  routing: null,
  artwork: null,
  catalogue: null,
  createdAt: 0,
  updatedAt: 1,
};

/** A landing as the lookup makes it: a new object each time it loads one. */
const landingOf = (smartlink: Partial<Smartlink> = {}, client: Partial<Client> = {}): Landing => ({ client: { ...CLIENT, ...client }, smartlink: { ...SMARTLINK, ...smartlink } });
const text = (page: RenderedLanding) => fillSlots(page.template, {}).toString();
const bytesOf = (page: RenderedLanding) => fillSlots(page.template, {}).length;

describe('the rendered-page cache', () => {
  it('stays within its byte budget whatever the number of Hosts and variants', () => {
    const budget = 1024 * 1024;
    const cache = createRenderCache(budget);
    const orders = [SERVICES, [...SERVICES].reverse(), SERVICES.slice(1)];
    let pageBytes = 0;
    let rendered = 0;
    for (let host = 0; host < 100; host++) {
      const landing = landingOf(); // each Host gets its own landing object from the lookup
      for (const lang of ['en', 'fr'] as const) {
        for (const services of orders) {
          for (const preferred of [null, 'spotify']) {
            const page = cache.get(landing, { origin: `https://h${host}.example.test`, lang, services, preferred });
            pageBytes += bytesOf(page);
            rendered++;
            expect(cache.bytes).toBeLessThanOrEqual(budget);
          }
        }
      }
    }
    expect(pageBytes).toBeGreaterThan(4 * budget); // far more was rendered than the budget…
    expect(cache.size).toBeLessThan(rendered); // …so the least recently used pages went
    expect(cache.bytes).toBeGreaterThan(budget * 0.9); // and the budget counts real page bytes
    expect(RENDER_CACHE_BYTES).toBe(32 * 1024 * 1024);
  });

  it('counts at least each page’s own bytes', () => {
    const cache = createRenderCache(RENDER_CACHE_BYTES);
    const page = cache.get(landingOf(), { origin: 'https://links.test', lang: 'en' });
    expect(cache.bytes).toBeGreaterThanOrEqual(bytesOf(page));
  });

  it('serves a page again from any landing object with the same content: a hit renders nothing', () => {
    const variant = { origin: 'https://links.test', lang: 'en' } as const;
    const first = renderedLanding(landingOf(), variant);
    expect(renderedLanding(landingOf(), variant)).toBe(first);
    expect(renderedLanding(landingOf(), { ...variant, origin: 'https://other.test' })).not.toBe(first);
  });

  it.each([
    { name: 'a smartlink edit', change: () => landingOf({ trackTitle: 'New title', updatedAt: 2 }), shows: '<h1>New title</h1>' },
    { name: 'an edit saved within the same millisecond', change: () => landingOf({ trackTitle: 'New title' }), shows: '<h1>New title</h1>' },
    { name: 'its artwork copied (updatedAt unchanged)', change: () => landingOf({ artworkUrl: 'https://img.example/a.jpg', artwork: { id: '0123456789abcdef0123456789abcdef', color: '#336699' } }), shows: '/art/0123456789abcdef0123456789abcdef/' },
    { name: 'the client’s branding', change: () => landingOf({}, { name: 'Renamed Records' }), shows: 'Renamed Records' },
  ])('is never stale after $name', ({ change, shows }) => {
    const cache = createRenderCache(RENDER_CACHE_BYTES);
    const variant = { origin: 'https://links.test', lang: 'en' } as const;
    expect(text(cache.get(landingOf(), variant))).not.toContain(shows);
    expect(text(cache.get(change(), variant))).toContain(shows);
  });
});

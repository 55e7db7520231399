// The catalogue resolver through the API, on every database, against local stubs of Deezer, iTunes,
// Spotify, Odesli and MusicBrainz (test/support/catalogue-stubs): a link, a UPC or an ISRC becomes
// a release with per-country links, each service with its source and confidence; an unknown code,
// a provider down or rate-limited, a missing credential each say so clearly.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { FIXTURE_ALBUM as A, FIXTURE_TRACKS, startCatalogueStubs, UNKNOWN_UPC, type CatalogueStubs } from '../support/catalogue-stubs/index.js';

const COUNTRIES = 'US,GB,FR,DE,JP';

type Service = { service: string; url: string; countries?: Record<string, string>; hiddenIn?: string[]; appUris?: { ios?: string }; source: string; confidence: number; review: boolean; note?: string };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(DIALECTS)('catalogue resolver on %s', (dialect) => {
  let stubs: CatalogueStubs;
  const databases: TestDatabase[] = [];
  const apps: TestApp[] = [];
  let t: TestApp;
  let key: string;

  async function start(env: Record<string, string>): Promise<{ app: TestApp; key: string }> {
    const database = await createTestDatabase(dialect);
    databases.push(database);
    const app = await startTestApp(database, { CATALOGUE_COUNTRIES: COUNTRIES, ...env });
    apps.push(app);
    return { app, key: (await createApiKey(app.ctx.database.db, { clientId: null, name: 'master' })).key };
  }

  const resolve = (query: string, app = t, bearer = key) =>
    app.app.inject({ method: 'POST', url: '/api/v1/catalogue/resolve', headers: { authorization: `Bearer ${bearer}` }, payload: { query } });
  const service = (body: { services: Service[] }, id: string) => body.services.find((s) => s.service === id);
  const status = (body: { providers: { provider: string }[] }, provider: string) => body.providers.find((p) => p.provider === provider);

  beforeAll(async () => {
    stubs = await startCatalogueStubs();
  });
  afterAll(async () => {
    await stubs?.close();
  });
  // A fresh app each time: its cache, rate-limit queues and Spotify token start empty.
  beforeEach(async () => {
    stubs.reset();
    ({ app: t, key } = await start({ ...stubs.env, CATALOGUE_CACHE_MS: '0' }));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const database of databases.splice(0)) await database.cleanup();
  });

  it('resolves a Spotify album link to the full release: every service with its source and confidence, Apple per storefront, hidden where a catalogue lacks it', async () => {
    const res = await resolve(A.spotifyUrl);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'album', title: A.title, artist: A.artist, artworkUrl: A.artwork.deezer, releaseDate: A.releaseDate, upc: A.upc, isrc: null });
    expect(service(body, 'spotify')).toEqual({ service: 'spotify', url: A.spotifyUrl, hiddenIn: ['JP'], appUris: { ios: `spotify:album:${A.spotifyId}` }, source: 'spotify', confidence: 1, review: false });
    expect(service(body, 'apple-music')).toMatchObject({
      url: `https://music.apple.com/us/album/harbour-lights/${A.appleId}`,
      countries: Object.fromEntries(['US', 'GB', 'FR', 'DE'].map((cc) => [cc, `https://music.apple.com/${cc.toLowerCase()}/album/harbour-lights/${A.appleId}`])),
      hiddenIn: ['JP'],
      appUris: { ios: expect.stringMatching(/^music:\/\/music\.apple\.com\//) },
      source: 'itunes',
      confidence: 1,
      review: false,
    });
    expect(service(body, 'deezer')).toMatchObject({ url: `https://www.deezer.com/album/${A.deezerId}`, source: 'deezer', confidence: 1, review: false });
    expect(service(body, 'youtube-music')).toEqual({ service: 'youtube-music', url: `https://music.youtube.com/playlist?list=${A.youtubeList}`, source: 'odesli', confidence: 0.9, review: false });
    // Amazon without an Odesli key: storefronts derived by domain, and said to be
    expect(service(body, 'amazon-music')).toMatchObject({ url: `https://music.amazon.com/albums/${A.amazonAsin}`, countries: { US: `https://music.amazon.com/albums/${A.amazonAsin}`, GB: `https://music.amazon.co.uk/albums/${A.amazonAsin}`, JP: `https://music.amazon.co.jp/albums/${A.amazonAsin}` }, note: expect.stringContaining('not looked up'), source: 'odesli' });
    // Odesli's affiliate and campaign tokens are not carried over
    expect(service(body, 'itunes')!.url).toBe(`https://geo.music.apple.com/us/album/_/${A.appleId}?mt=1&app=itunes&ls=1`);
    expect(service(body, 'amazon-store')!.url).toBe(`https://amazon.com/dp/${A.amazonAsin}`);
    expect(body.services.map((s: Service) => s.service)).toEqual(['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'itunes', 'youtube', 'amazon-store']);
    expect(body.missing).toEqual(['tidal']);
    expect(body.providers).toEqual(['deezer', 'itunes', 'spotify', 'odesli'].map((provider) => ({ provider, status: 'ok' })));
    // Deezer stores the EAN-13 form: the UPC-A is tried first, then with its leading zero
    expect(stubs.callsTo('deezer').map((c) => c.path)).toEqual([`/album/upc:${A.upc}`, `/album/upc:0${A.upc}`]);
    expect(stubs.callsTo('spotify').filter((c) => c.path === '/api/token')).toHaveLength(1);
  });

  it('resolves a UPC by code on Deezer, iTunes and Spotify, and cross-links the rest through Odesli', async () => {
    const res = await resolve(`${A.upc.slice(0, 6)} ${A.upc.slice(6)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'album', title: A.title, upc: A.upc });
    for (const id of ['spotify', 'apple-music', 'deezer']) expect(service(body, id)).toMatchObject({ confidence: 1, review: false });
    expect(stubs.callsTo('odesli')[0]!.query.get('url')).toBe(A.spotifyUrl);
    expect(stubs.callsTo('musicbrainz')).toHaveLength(0);
  });

  it('resolves an ISRC with MusicBrainz, Deezer and Spotify, and Apple through Odesli with its storefronts', async () => {
    const [track] = FIXTURE_TRACKS;
    const res = await resolve(track.isrc.toLowerCase().replace(/^(..)(...)(..)/, '$1-$2-$3-'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'track', title: track.title, artist: A.artist, isrc: track.isrc, upc: null, releaseDate: A.releaseDate });
    expect(status(body, 'musicbrainz')).toEqual({ provider: 'musicbrainz', status: 'ok' });
    expect(service(body, 'deezer')).toMatchObject({ url: `https://www.deezer.com/track/${track.deezerId}`, hiddenIn: ['JP'], confidence: 1 });
    expect(service(body, 'apple-music')).toMatchObject({ source: 'itunes', confidence: 0.9, hiddenIn: ['JP'], countries: { GB: expect.stringContaining(`/gb/album/harbour-lights/${A.appleId}?i=${track.appleId}`) } });
    const [mb] = stubs.callsTo('musicbrainz');
    expect(mb!.path).toBe(`/ws/2/isrc/${track.isrc}`);
    expect(mb!.query.get('fmt')).toBe('json');
    expect(mb!.headers['user-agent']).toMatch(/^Duotrack\/\S+ \( catalogue-tests@duotrack\.test \)$/);
  });

  it('answers 422 with what each provider said for a UPC nobody knows', async () => {
    const res = await resolve(UNKNOWN_UPC);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'not_found', message: `No release found for UPC ${UNKNOWN_UPC}: Deezer, iTunes and Spotify know nothing by that code` });
    expect(res.json().details.providers.map((p: { status: string }) => p.status)).toEqual(['not_found', 'not_found', 'not_found']);
  });

  it.each([
    { name: 'a page that is not a release', query: 'https://example.com/music', message: /example\.com\/music is not a release or track link the resolver knows.*Spotify, Apple Music, Deezer/ },
    { name: 'words', query: 'harbour lights', message: /is not a URL, a UPC or an ISRC.*Spotify, Apple Music, Deezer/ },
    { name: 'a UPC with a wrong check digit', query: '505616710004', message: /^UPC 505616710004: its last digit should be 3 \(the check digit\)/ },
  ])('answers 400 bad_query to $name, saying what is wrong', async ({ query, message }) => {
    const res = await resolve(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_query');
    expect(res.json().message).toMatch(message);
    expect(stubs.calls).toHaveLength(0);
  });

  it('goes on without a provider that is down, naming it and why', async () => {
    stubs.setDown('deezer', true);
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(status(body, 'deezer')).toEqual({ provider: 'deezer', status: 'error', message: 'Deezer is unavailable (HTTP 500); try again later' });
    expect(service(body, 'deezer')).toMatchObject({ source: 'odesli', confidence: 0.9 }); // Odesli still links it
    expect(service(body, 'apple-music')).toMatchObject({ source: 'itunes', confidence: 1 });
  });

  it('takes a storefront iTunes refuses (HTTP 403) as unknown, not as one without the release', async () => {
    stubs.refuseItunesStorefront('GB', 403);
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    const apple = service(res.json(), 'apple-music')!;
    expect(apple).toMatchObject({ source: 'itunes', confidence: 1, hiddenIn: ['JP'], note: 'iTunes could not answer for GB: whether Apple Music has it there is not known' });
    expect(Object.keys(apple.countries!)).toEqual(['US', 'FR', 'DE']);
    expect(status(res.json(), 'itunes')).toEqual({ provider: 'itunes', status: 'ok' });
  });

  it('reports iTunes as failing, not as knowing nothing, when its storefronts refuse and none found the release', async () => {
    for (const cc of COUNTRIES.split(',')) stubs.refuseItunesStorefront(cc, 403);
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    expect(status(res.json(), 'itunes')).toEqual({ provider: 'itunes', status: 'error', message: 'iTunes answered HTTP 403: Forbidden' });
    const apple = service(res.json(), 'apple-music')!;
    expect(apple).toMatchObject({ source: 'odesli', confidence: 0.9 });
    expect(apple.hiddenIn).toBeUndefined();
  });

  it('answers 502 naming every provider when none could answer', async () => {
    for (const p of ['deezer', 'itunes', 'spotify', 'odesli', 'musicbrainz'] as const) stubs.setDown(p, true);
    const res = await resolve(A.upc);
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: 'providers_unavailable', message: 'No provider could answer: Deezer is unavailable (HTTP 500); try again later; iTunes is unavailable (HTTP 500); try again later; Spotify is unavailable (HTTP 500); try again later' });
  });

  it('queues behind a 429 for its Retry-After, then succeeds', async () => {
    stubs.rateLimitNext('itunes', 1);
    const started = Date.now();
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(status(res.json(), 'itunes')).toEqual({ provider: 'itunes', status: 'ok' });
    expect(service(res.json(), 'apple-music')).toMatchObject({ source: 'itunes', confidence: 1 });
  });

  it('reports rate_limited, with when to retry, when the Retry-After is beyond the wait bound; the others fill in', async () => {
    stubs.rateLimitNext('spotify', 60, 5);
    const started = Date.now();
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000); // refused at once, not after waiting
    expect(status(res.json(), 'spotify')).toEqual({ provider: 'spotify', status: 'rate_limited', message: "Spotify's rate limit is reached: retry in 60 s" });
    expect(service(res.json(), 'spotify')).toMatchObject({ source: 'odesli', confidence: 0.9 });
  });

  it('waits out Deezer’s quota error (HTTP 200, code 4) instead of failing', async () => {
    stubs.rateLimitNext('deezer', 0);
    const res = await resolve(A.upc);
    expect(res.statusCode, res.body).toBe(200);
    expect(service(res.json(), 'deezer')).toMatchObject({ source: 'deezer', confidence: 1 });
    expect(stubs.callsTo('deezer').length).toBeGreaterThanOrEqual(2);
  }, 15_000);

  it('says Spotify is not configured without credentials, and names an unreachable provider', async () => {
    const { SPOTIFY_CLIENT_ID: _id, SPOTIFY_CLIENT_SECRET: _secret, ...env } = stubs.env;
    const other = await start({ ...env, MUSICBRAINZ_API_URL: `http://127.0.0.1:${await closedPort()}` });
    const res = await resolve(FIXTURE_TRACKS[1].isrc, other.app, other.key);
    expect(res.statusCode, res.body).toBe(200);
    expect(status(res.json(), 'spotify')).toEqual({ provider: 'spotify', status: 'not_configured', message: expect.stringContaining('set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET') });
    expect(status(res.json(), 'musicbrainz')).toEqual({ provider: 'musicbrainz', status: 'error', message: 'MusicBrainz could not be reached: network error (ECONNREFUSED)' });
    expect(res.json()).toMatchObject({ title: FIXTURE_TRACKS[1].title, kind: 'track' });
    expect(stubs.callsTo('spotify')).toHaveLength(0);
  });

  it('caches answers: the same resolve again makes no upstream call; with an Odesli key Amazon storefronts are asked per country', async () => {
    const cached = await start({ ...stubs.env, ODESLI_API_KEY: 'stub-odesli-key' });
    const first = await resolve(A.spotifyUrl, cached.app, cached.key);
    expect(first.statusCode, first.body).toBe(200);
    expect(stubs.callsTo('odesli').every((c) => c.query.get('key') === 'stub-odesli-key')).toBe(true);
    expect(stubs.callsTo('odesli').map((c) => c.query.get('userCountry')).sort()).toEqual(['DE', 'FR', 'GB', 'JP', 'US']);
    const amazon = service(first.json(), 'amazon-music')!;
    expect(amazon.countries).toEqual({ US: `https://music.amazon.com/albums/${A.amazonAsin}`, GB: `https://music.amazon.co.uk/albums/${A.amazonAsin}`, FR: `https://music.amazon.fr/albums/${A.amazonAsin}`, DE: `https://music.amazon.de/albums/${A.amazonAsin}` });
    expect(amazon.hiddenIn).toEqual(['JP']);
    expect(amazon.note).toBeUndefined();
    stubs.reset();
    const second = await resolve(A.spotifyUrl, cached.app, cached.key);
    expect(second.json()).toEqual(first.json());
    expect(stubs.calls).toHaveLength(0);
  });
});

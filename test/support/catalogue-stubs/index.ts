// The catalogue APIs as local HTTP servers, one per provider, answering the fixture release
// (release.ts) in each API's documented shape (the answer modules cite the documentation). Each
// provider can be switched down (HTTP 500) or made to refuse with a rate limit (429 and
// Retry-After, or Deezer's quota error), held (its answers wait until the test lets them go: a slow
// API), or, for iTunes, made to refuse one storefront with an HTTP error; `world` changes what the
// catalogues hold (a service that appears after release day). Every request is recorded; none
// reaches the internet.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deezerAnswer, DEEZER_QUOTA } from './deezer.js';
import { itunesAnswer } from './itunes.js';
import { musicbrainzAnswer } from './musicbrainz.js';
import { odesliAnswer } from './odesli.js';
import type { World } from './release.js';
import type { Reply } from './reply.js';
import { spotifyAnswer, SPOTIFY_CLIENT } from './spotify.js';

export * from './release.js';
export { SPOTIFY_CLIENT } from './spotify.js';

export type StubProvider = 'deezer' | 'itunes' | 'spotify' | 'odesli' | 'musicbrainz';
const STUB_PROVIDERS: readonly StubProvider[] = ['deezer', 'itunes', 'spotify', 'odesli', 'musicbrainz'];

export interface StubCall {
  readonly provider: StubProvider;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface CatalogueStubs {
  /** The *_URL variables pointing at the stubs, Spotify's credentials and the MusicBrainz contact. */
  readonly env: Record<string, string>;
  readonly calls: StubCall[];
  callsTo(provider: StubProvider): StubCall[];
  /** Answers HTTP 500 while down. */
  setDown(provider: StubProvider, down: boolean): void;
  /** The next `times` requests are refused as rate-limited: 429 with Retry-After (Deezer: its quota error, HTTP 200). */
  rateLimitNext(provider: StubProvider, retryAfterSeconds: number, times?: number): void;
  /** The provider's answers wait (its requests are recorded at once) until the returned function is called. */
  hold(provider: StubProvider): () => void;
  /** iTunes answers lookups and searches in this storefront with `status` and Apple's JSON error body. */
  refuseItunesStorefront(country: string, status: number): void;
  readonly world: World;
  /** Every switch back to normal, calls forgotten. */
  reset(): void;
  close(): Promise<void>;
}

export async function startCatalogueStubs(): Promise<CatalogueStubs> {
  const calls: StubCall[] = [];
  const down = new Set<StubProvider>();
  const limited = new Map<StubProvider, { seconds: number; times: number }>();
  const held = new Map<StubProvider, { until: Promise<void>; release: () => void }>();
  const refusedStorefronts = new Map<string, number>();
  const world: World = { tidalReleased: false, spotifyIndexed: true };

  const answer = (provider: StubProvider, method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, form: URLSearchParams): Reply => {
    if (down.has(provider)) return { status: 500, body: { error: 'Internal Server Error' } };
    const limit = limited.get(provider);
    if (limit && limit.times > 0) {
      limit.times--;
      if (provider === 'deezer') return { status: 200, body: DEEZER_QUOTA };
      return { status: 429, body: provider === 'spotify' ? { error: { status: 429, message: 'API rate limit exceeded' } } : { error: 'Too Many Requests' }, headers: { 'retry-after': String(limit.seconds) } };
    }
    switch (provider) {
      case 'deezer':
        return deezerAnswer(path, query);
      case 'itunes': {
        const refused = refusedStorefronts.get((query.get('country') ?? 'us').toUpperCase());
        return refused ? { status: refused, body: { errorMessage: 'Forbidden', queryParameters: Object.fromEntries(query) } } : itunesAnswer(path, query);
      }
      case 'spotify':
        return spotifyAnswer(method, path, query, headers, form, world);
      case 'odesli':
        return path === '/v1-alpha.1/links' ? odesliAnswer(query, world) : { status: 404, body: { statusCode: 404, code: 'not_found' } };
      case 'musicbrainz':
        return musicbrainzAnswer(path);
    }
  };

  const servers = await Promise.all(
    STUB_PROVIDERS.map(async (provider) => {
      const server: Server = createServer((req, res) => {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString()));
        req.on('end', async () => {
          const url = new URL(req.url ?? '/', 'http://stub');
          calls.push({ provider, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
          await held.get(provider)?.until;
          const reply = answer(provider, req.method ?? 'GET', decodeURIComponent(url.pathname), url.searchParams, req.headers, new URLSearchParams(raw));
          res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers }).end(JSON.stringify(reply.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return [provider, server] as const;
    }),
  );
  const origin = (provider: StubProvider) => `http://127.0.0.1:${(servers.find(([p]) => p === provider)![1].address() as AddressInfo).port}`;

  return {
    env: {
      DEEZER_API_URL: origin('deezer'),
      ITUNES_API_URL: origin('itunes'),
      SPOTIFY_API_URL: origin('spotify'),
      SPOTIFY_ACCOUNTS_URL: origin('spotify'),
      SPOTIFY_CLIENT_ID: SPOTIFY_CLIENT.id,
      SPOTIFY_CLIENT_SECRET: SPOTIFY_CLIENT.secret,
      ODESLI_API_URL: origin('odesli'),
      MUSICBRAINZ_API_URL: origin('musicbrainz'),
      CATALOGUE_CONTACT: 'catalogue-tests@duotrack.test',
    },
    calls,
    callsTo: (provider) => calls.filter((c) => c.provider === provider),
    setDown: (provider, isDown) => void (isDown ? down.add(provider) : down.delete(provider)),
    rateLimitNext: (provider, seconds, times = 1) => void limited.set(provider, { seconds, times }),
    hold(provider) {
      let resolve = () => {};
      const until = new Promise<void>((done) => (resolve = done));
      const release = () => {
        if (held.get(provider)?.until === until) held.delete(provider);
        resolve();
      };
      held.set(provider, { until, release });
      return release;
    },
    refuseItunesStorefront: (country, status) => void refusedStorefronts.set(country.toUpperCase(), status),
    world,
    reset() {
      calls.length = 0;
      down.clear();
      limited.clear();
      refusedStorefronts.clear();
      for (const { release } of [...held.values()]) release();
      world.tidalReleased = false;
      world.spotifyIndexed = true;
    },
    close: () => Promise.all(servers.map(([, server]) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => {}),
  };
}

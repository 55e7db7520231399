// The catalogue resolver, assembled: the five providers over one cached, rate-limited HTTP layer,
// built once per process from the configuration. The providers' quotas are the installation's, not
// a client's: each call is made on behalf of a client, which gets a fair share of every provider's
// queue (rate-limit.ts), so one client's burst of resolves cannot lock the others out.
import type { CatalogueSettings } from '../config.js';
import type { Outbound } from '../delivery/outbound.js';
import { packageVersion } from '../version.js';
import { createDeezer } from './deezer.js';
import { createCatalogueHttp } from './http.js';
import { createItunes } from './itunes.js';
import { createMusicBrainz } from './musicbrainz.js';
import { createOdesli } from './odesli.js';
import { parseQuery } from './query.js';
import type { RateLimit } from './rate-limit.js';
import { resolveRelease } from './resolve.js';
import { createSpotify } from './spotify.js';
import type { CatalogueRelease, ProviderName } from './types.js';

/**
 * Each API's rate, as documented (or, where it is not, a conservative guess the 429s correct):
 * Deezer 50 per 5 s; iTunes about 20 a minute; Spotify a rolling 30-second window, unpublished;
 * Odesli 10 a minute without a key (a key's rate is agreed with Odesli: 60 a minute assumed);
 * MusicBrainz 1 a second.
 */
function limits(odesliKey: string | null): Record<ProviderName, RateLimit> {
  return {
    deezer: { burst: 50, perSecond: 10 },
    itunes: { burst: 20, perSecond: 1 / 3 },
    spotify: { burst: 20, perSecond: 5 },
    odesli: odesliKey ? { burst: 10, perSecond: 1 } : { burst: 10, perSecond: 1 / 6 },
    musicbrainz: { burst: 1, perSecond: 1 },
  };
}

/** A call waits at most this long for its turn (or a Retry-After) before its provider is reported rate_limited. */
export const MAX_WAIT_MS = 8000;
const TIMEOUT_MS = 10_000;

export interface ResolveOptions {
  /** Who asks: a client id (or a master principal's key); its share of each provider's queue is counted under it. */
  readonly client: string;
  /** Storefront countries (default: CATALOGUE_COUNTRIES). */
  readonly countries?: readonly string[];
  /** The oldest cached answer acceptable, in ms (default: any the cache holds, CATALOGUE_CACHE_MS). */
  readonly maxAgeMs?: number;
}

export interface Catalogue {
  /** Resolves a pasted URL, UPC or ISRC. Throws BadQuery (the query) or ResolveFailed (no answer). */
  resolve(query: string, options: ResolveOptions): Promise<CatalogueRelease>;
}

export function createCatalogue(settings: CatalogueSettings, outbound: Outbound): Catalogue {
  const http = createCatalogueHttp({ outbound, cacheMs: settings.cacheMs, maxWaitMs: MAX_WAIT_MS, timeoutMs: TIMEOUT_MS, limits: limits(settings.odesliKey) });
  const providers = {
    deezer: createDeezer(http, settings.deezerUrl),
    itunes: createItunes(http, settings.itunesUrl),
    spotify: createSpotify(http, { apiUrl: settings.spotifyUrl, accountsUrl: settings.spotifyAccountsUrl, clientId: settings.spotifyClientId, clientSecret: settings.spotifyClientSecret }),
    odesli: createOdesli(http, settings.odesliUrl, settings.odesliKey),
    musicbrainz: createMusicBrainz(http, settings.musicbrainzUrl, settings.contact, packageVersion()),
  };
  return {
    resolve: async (query, { client, countries = settings.countries, maxAgeMs }) =>
      resolveRelease(providers, parseQuery(query), { client, countries: [...new Set(countries.map((c) => c.toUpperCase()))], ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) }),
  };
}

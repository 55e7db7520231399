// Odesli (song.link): one URL of a release on any platform → its links on the others, with the
// platforms' native app URIs (kept only when the scheme is the service's own app's: links/app-uri.ts). `GET /v1-alpha.1/links?url=&userCountry=` (key optional: without
// one, 10 requests a minute). Odesli's answer is a cross-link, not a code match: confidence 0.9.
// https://linktree.notion.site/API-d0ebe08a5e304a55928405eb682f6741 (Odesli API documentation)
import { appUriFor } from '../links/app-uri.js';
import type { HttpFor } from './http.js';
import { object, required, text, type Ask } from './shape.js';
import type { Finding, FoundLink, ReleaseKind } from './types.js';

/** Odesli's platform names → catalogue service ids (src/links/services.ts). */
export const ODESLI_PLATFORMS: Readonly<Record<string, string>> = {
  spotify: 'spotify',
  appleMusic: 'apple-music',
  itunes: 'itunes',
  youtubeMusic: 'youtube-music',
  youtube: 'youtube',
  amazonMusic: 'amazon-music',
  amazonStore: 'amazon-store',
  deezer: 'deezer',
  tidal: 'tidal',
  soundcloud: 'soundcloud',
  pandora: 'pandora',
  napster: 'napster',
  anghami: 'anghami',
  boomplay: 'boomplay',
  audiomack: 'audiomack',
  audius: 'audius',
};

/** Query parameters that carry someone else's affiliate or campaign token (Apple `at`/`ct`, Amazon `tag`). */
const AFFILIATE_PARAMS = ['at', 'ct', 'uo', 'tag'];

export interface Odesli {
  /** The release's links on every platform Odesli knows, as seen from `country` (the first asked, by default). */
  links(url: string, ask: Ask, country?: string): Promise<Finding | null>;
  /** Whether asking once per country is affordable (an API key). */
  readonly perCountry: boolean;
}

export function createOdesli(httpFor: HttpFor, baseUrl: string, apiKey: string | null): Odesli {
  const http = httpFor('odesli');
  return {
    perCountry: apiKey !== null,
    async links(url, ask, country = ask.countries[0] ?? 'US') {
      const params = new URLSearchParams({ url, userCountry: country, songIfSingle: 'true', ...(apiKey ? { key: apiKey } : {}) });
      const answer = await http.getJson(`${baseUrl}/v1-alpha.1/links?${params}`, ask, { definitive: (a) => a.status === 200 || a.status === 404 || a.status === 400 });
      if (answer.status === 404 || answer.status === 400) return null; // could_not_resolve_entity, or a URL Odesli does not read
      const json = required('odesli', object(answer.json), 'a JSON object');
      const entities = object(json.entitiesByUniqueId) ?? {};
      const main = required('odesli', object(entities[text(json.entityUniqueId) ?? '']), 'the entity it resolved');
      const platforms = object(json.linksByPlatform) ?? {};
      const links: FoundLink[] = [];
      const ids: Record<string, string> = {};
      for (const [platform, service] of Object.entries(ODESLI_PLATFORMS)) {
        const link = object(platforms[platform]);
        const href = text(link?.url);
        if (!link || !href) continue;
        const ios = appUriFor(service, text(link.nativeAppUriMobile) ?? undefined);
        links.push({ service, url: withoutAffiliateParams(href), ...(ios ? { appUris: { ios } } : {}) });
        const id = text(object(entities[text(link.entityUniqueId) ?? ''])?.id);
        if (id) ids[service] = id;
      }
      const kind: ReleaseKind = text(main.type) === 'album' ? 'album' : 'track';
      return {
        provider: 'odesli',
        kind,
        title: required('odesli', text(main.title), 'the title'),
        artist: required('odesli', text(main.artistName), 'the artist'),
        artworkUrl: text(main.thumbnailUrl),
        releaseDate: null,
        upc: null,
        isrc: null,
        match: 'crosslink',
        links,
        ids,
      };
    },
  };
}

export function withoutAffiliateParams(href: string): string {
  const url = new URL(href);
  for (const param of AFFILIATE_PARAMS) url.searchParams.delete(param);
  return url.href;
}

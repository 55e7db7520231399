// Apple's iTunes Search API (no key): `lookup?upc=` and `lookup?id=`, `search?term=`, each asked
// once per storefront country (`country=`): a storefront that finds nothing does not carry the
// release, so Apple Music is hidden there; where it does, its link is that storefront's. A
// storefront that could not answer (an HTTP error, a rate limit) is neither: nothing is said of it.
// When none found the release and one could not answer, iTunes is reported as failing, not as
// knowing nothing.
// https://performance-partners.apple.com/search-api — the lookup examples:
// https://developer.apple.com/library/archive/documentation/AudioVideo/Conceptual/iTuneSearchAPI/LookupExamples.html
import type { HttpFor } from './http.js';
import { upcVariants } from './query.js';
import { day, list, loose, object, required, text, unexpected, type Ask, type Json } from './shape.js';
import { ProviderFailure, type Finding, type Match, type ReleaseKind } from './types.js';

export interface Itunes {
  albumByUpc(upc: string, ask: Ask): Promise<Finding | null>;
  byId(kind: ReleaseKind, id: string, ask: Ask, match?: Match): Promise<Finding | null>;
  search(kind: ReleaseKind, title: string, artist: string, ask: Ask): Promise<Finding | null>;
}

export function createItunes(httpFor: HttpFor, baseUrl: string): Itunes {
  const http = httpFor('itunes');

  async function results(path: string, params: Record<string, string>, ask: Ask): Promise<Json[]> {
    const answer = await http.getJson(`${baseUrl}${path}?${new URLSearchParams(params)}`, ask, { definitive: (a) => a.status === 200 });
    if (answer.status !== 200) throw unexpected('itunes', `HTTP ${answer.status}${errorOf(answer.json)}`);
    const json = required('itunes', object(answer.json), 'a JSON object');
    return list(json.results).map(object).filter((r): r is Json => r !== null);
  }

  const isItem = (kind: ReleaseKind) => (r: Json) => (kind === 'album' ? r.wrapperType === 'collection' : r.wrapperType === 'track' && r.kind === 'song');

  /** The release in each storefront: asked per country, the first found is the main one. */
  async function acrossStorefronts(kind: ReleaseKind, lookup: (country: string) => Promise<Json | null>, ask: Ask, match: Match): Promise<Finding | null> {
    const found = await Promise.all(ask.countries.map(async (country) => [country, await storefront(() => lookup(country))] as const));
    const present = found.filter((entry): entry is readonly [string, Json] => entry[1] !== null && !(entry[1] instanceof ProviderFailure));
    const main = present[0]?.[1];
    if (!main) {
      const failure = found.map(([, item]) => item).find((item) => item instanceof ProviderFailure);
      if (failure) throw failure; // nothing found, and a storefront could not say: not "not found"
      return null;
    }
    const urlOf = (item: Json) => storeUrl(required('itunes', text(kind === 'album' ? item.collectionViewUrl : item.trackViewUrl), 'the store link'));
    const hidden = found.filter(([, item]) => item === null).map(([country]) => country);
    const unknown = found.filter(([, item]) => item instanceof ProviderFailure).map(([country]) => country);
    return {
      provider: 'itunes',
      kind,
      title: required('itunes', text(kind === 'album' ? main.collectionName : main.trackName), 'the title'),
      artist: required('itunes', text(main.artistName), 'the artist'),
      artworkUrl: text(main.artworkUrl100),
      releaseDate: day(main.releaseDate),
      upc: null,
      isrc: null,
      match,
      links: [
        {
          service: 'apple-music',
          url: urlOf(main),
          ...(present.length > 1 ? { countries: Object.fromEntries(present.map(([country, item]) => [country, urlOf(item)])) } : {}),
          ...(hidden.length > 0 ? { hiddenIn: hidden } : {}),
          ...(unknown.length > 0 ? { note: `iTunes could not answer for ${unknown.join(', ')}: whether Apple Music has it there is not known` } : {}),
        },
      ],
      ids: { itunes: required('itunes', text(kind === 'album' ? main.collectionId : main.trackId), 'the id') },
    };
  }

  const byId: Itunes['byId'] = (kind, id, ask, match = 'code') =>
    acrossStorefronts(kind, async (country) => (await results('/lookup', { id, country: country.toLowerCase() }, ask)).find(isItem(kind)) ?? null, ask, match);

  return {
    async albumByUpc(upc, ask) {
      for (const code of upcVariants(upc)) {
        const found = await acrossStorefronts('album', async (country) => (await results('/lookup', { upc: code, country: country.toLowerCase() }, ask)).find(isItem('album')) ?? null, ask, 'code');
        if (found) return found;
      }
      return null;
    },
    byId,
    async search(kind, title, artist, ask) {
      const country = (ask.countries[0] ?? 'US').toLowerCase();
      const hits = await results('/search', { term: `${artist} ${title}`, media: 'music', entity: kind === 'album' ? 'album' : 'song', country, limit: '10' }, ask);
      const hit = hits.find((r) => isItem(kind)(r) && loose(text(kind === 'album' ? r.collectionName : r.trackName) ?? '') === loose(title) && loose(text(r.artistName) ?? '') === loose(artist));
      const id = hit && text(kind === 'album' ? hit.collectionId : hit.trackId);
      return id ? byId(kind, id, ask, 'search') : null;
    },
  };
}

/** One storefront's answer: the item, null when it does not carry it, or why it could not answer. */
async function storefront(lookup: () => Promise<Json | null>): Promise<Json | null | ProviderFailure> {
  try {
    return await lookup();
  } catch (err) {
    if (err instanceof ProviderFailure) return err;
    throw err;
  }
}

/** ": <Apple's errorMessage>" when the answer has one. */
function errorOf(json: unknown): string {
  const message = text(object(json)?.errorMessage);
  return message ? `: ${message}` : '';
}

/** A store link without the affiliate tracking parameter the API adds (`uo`). */
function storeUrl(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('uo');
  return url.href;
}

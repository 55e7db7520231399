// From what each provider found to one release: which provider's title, artwork and date win,
// how sure each service link is, and what is missing. Pure: the providers have been asked already.
//
// Confidence follows from how a link was found:
//   code       1.0  the provider found the release by its UPC or ISRC, or by the pasted link's own id
//   crosslink  0.9  Odesli matched it from another platform's link
//   search     0.6  a search by title and artist found something of that name: marked for review
// A link under 0.8 is `review: true`: the editor shows it for a person to confirm, never as a fact.
// The release's details (title, artist, date, artwork, UPC/ISRC) come from the surest findings
// too: a code or cross-link match before any search hit, then each provider's usual richness.
import { SERVICES } from '../links/services.js';
import type { CatalogueRelease, CatalogueService, Finding, FoundLink, Match, ProviderName, ProviderStatus, ReleaseKind } from './types.js';

export const CONFIDENCE: Readonly<Record<Match, number>> = { code: 1, crosslink: 0.9, search: 0.6 };
export const REVIEW_BELOW = 0.8;

/** How confidence is computed, for the API documentation. */
export const MERGE_NOTES = {
  confidence: 'How sure the resolver is: 1 found by UPC/ISRC or by the pasted link itself, 0.9 matched by Odesli from another platform, 0.6 found by a search on title and artist',
} as const;

/** The services every release is looked for on: those not found are listed as `missing`. */
export const EXPECTED_SERVICES: readonly string[] = ['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'tidal'];

/** Among equally sure findings, whose title, artist and date are taken first (the richest metadata first). */
const METADATA_ORDER: readonly ProviderName[] = ['spotify', 'deezer', 'itunes', 'musicbrainz', 'odesli'];
/** Among equally sure findings, whose artwork is taken first (the largest image first: Spotify 640 px, Deezer 1000 px XL, iTunes 100 px, Odesli's thumbnail). */
const ARTWORK_ORDER: readonly ProviderName[] = ['deezer', 'spotify', 'itunes', 'odesli'];

export function mergeRelease(kind: ReleaseKind, findings: readonly Finding[], providers: readonly ProviderStatus[]): CatalogueRelease {
  const ranked = rank(findings, METADATA_ORDER);
  const first = <T>(pick: (f: Finding) => T | null, order = ranked): T | null => order.map(pick).find((v) => v !== null && v !== undefined) ?? null;
  const lead = ranked[0];
  if (!lead) throw new Error('mergeRelease needs at least one finding');
  const services = mergeServices(ranked);
  const found = new Set(services.map((s) => s.service));
  return {
    kind,
    title: lead.title,
    artist: lead.artist,
    artworkUrl: first((f) => f.artworkUrl, rank(findings, ARTWORK_ORDER)),
    releaseDate: first((f) => f.releaseDate),
    upc: kind === 'album' ? first((f) => f.upc) : null,
    isrc: kind === 'track' ? first((f) => f.isrc) : null,
    services,
    missing: EXPECTED_SERVICES.filter((s) => !found.has(s)),
    providers,
  };
}

/** The findings of the providers in `order`, surest match first, then in that order. */
function rank(findings: readonly Finding[], order: readonly ProviderName[]): Finding[] {
  return [...findings]
    .filter((f) => order.includes(f.provider))
    .sort((a, b) => CONFIDENCE[b.match] - CONFIDENCE[a.match] || order.indexOf(a.provider) - order.indexOf(b.provider));
}

/** One entry per service: the surest link's URL, with the per-country facts every link of it brought. */
function mergeServices(findings: readonly Finding[]): CatalogueService[] {
  const candidates = new Map<string, { link: FoundLink; source: ProviderName; match: Match }[]>();
  for (const finding of findings) {
    for (const link of finding.links) {
      if (!SERVICES[link.service]) continue;
      candidates.set(link.service, [...(candidates.get(link.service) ?? []), { link, source: finding.provider, match: finding.match }]);
    }
  }
  const order = Object.keys(SERVICES);
  return [...candidates.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([service, all]) => {
      const sorted = [...all].sort((a, b) => CONFIDENCE[b.match] - CONFIDENCE[a.match]); // stable: provider order breaks ties
      const best = sorted[0]!;
      const withCountries = sorted.find((c) => c.link.countries);
      const hidden = [...new Set(sorted.flatMap((c) => c.link.hiddenIn ?? []))].sort();
      const appUris = sorted.find((c) => c.link.appUris)?.link.appUris;
      const note = withCountries?.link.note ?? best.link.note;
      const confidence = CONFIDENCE[best.match];
      return {
        service,
        url: best.link.url,
        ...(withCountries ? { countries: withCountries.link.countries } : {}),
        ...(hidden.length > 0 ? { hiddenIn: hidden } : {}),
        ...(appUris ? { appUris } : {}),
        source: best.source,
        confidence,
        review: confidence < REVIEW_BELOW,
        ...(note ? { note } : {}),
      };
    });
}

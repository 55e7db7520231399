// Amazon's storefronts. Odesli gives one Amazon Music and one Amazon link, as seen from the country
// asked. With an Odesli API key the resolver asks once per storefront country (each answer is
// Odesli's own, verified); without one (10 requests a minute) it derives the other storefronts by
// swapping the Amazon domain and keeping the ASIN. That derivation is NOT verified: digital ASINs
// are usually shared across Amazon marketplaces, but not always — such links carry a note and the
// editor should check them.
import type { FoundLink } from './types.js';

const AMAZON_MUSIC: Readonly<Record<string, string>> = {
  US: 'music.amazon.com',
  GB: 'music.amazon.co.uk',
  DE: 'music.amazon.de',
  FR: 'music.amazon.fr',
  IT: 'music.amazon.it',
  ES: 'music.amazon.es',
  CA: 'music.amazon.ca',
  AU: 'music.amazon.com.au',
  JP: 'music.amazon.co.jp',
  BR: 'music.amazon.com.br',
  MX: 'music.amazon.com.mx',
  IN: 'music.amazon.in',
};

const AMAZON_STORE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(AMAZON_MUSIC).map(([country, host]) => [country, host.replace(/^music\./, 'www.')]),
);

export const AMAZON_SERVICES: Readonly<Record<string, Readonly<Record<string, string>>>> = { 'amazon-music': AMAZON_MUSIC, 'amazon-store': AMAZON_STORE };

export const DERIVED_NOTE = 'Storefront links derived from the Amazon link (same ASIN on each Amazon domain), not looked up: check them';

/** An Amazon link with a link per storefront country, derived by domain; other links as they are. */
export function deriveAmazonStorefronts(link: FoundLink, countries: readonly string[]): FoundLink {
  const hosts = AMAZON_SERVICES[link.service];
  if (!hosts || link.countries) return link;
  const url = new URL(link.url);
  const bare = (host: string) => host.replace(/^www\./, '');
  if (!Object.values(hosts).some((host) => bare(host) === bare(url.hostname))) return link;
  const derived = countries.filter((country) => hosts[country]).map((country) => {
    const copy = new URL(url.href);
    copy.hostname = hosts[country]!;
    return [country, copy.href] as const;
  });
  return derived.length > 0 ? { ...link, countries: Object.fromEntries(derived), note: DERIVED_NOTE } : link;
}

/** The storefronts Odesli itself answered for (one answer per country): a link each, hidden where it had none. */
export function verifiedStorefronts(link: FoundLink, perCountry: ReadonlyMap<string, string | null>): FoundLink {
  const countries = [...perCountry].filter((entry): entry is [string, string] => entry[1] !== null);
  const hidden = [...perCountry].filter(([, url]) => url === null).map(([country]) => country);
  return { ...link, ...(countries.length > 0 ? { countries: Object.fromEntries(countries) } : {}), ...(hidden.length > 0 ? { hiddenIn: hidden } : {}) };
}

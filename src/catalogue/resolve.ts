// Which provider is asked what, in which order:
//  1. what the query names: a UPC → Deezer, iTunes (each storefront) and Spotify by that code; an
//     ISRC → MusicBrainz, Deezer and Spotify by that code; a link → its own service by its id
//     (Spotify, Deezer, Apple) and Odesli for the cross-links;
//  2. for a link: the UPC/ISRC its service gave (or that Deezer gives for the id Odesli found) →
//     the code lookups of step 1 on the providers that have not found it yet;
//  3. Odesli, for a code query, with the best link found (Spotify, Deezer, Apple);
//  4. Apple's storefronts for an Apple link only Odesli knew (an ISRC: iTunes has no ISRC lookup);
//  5. Amazon's storefronts (storefronts.ts);
//  6. a search by title and artist on Spotify, Deezer and iTunes, for those still without a link:
//     low confidence, marked for review.
// A provider that fails is reported and not asked again in this resolve; the others carry on.
import { mergeRelease } from './merge.js';
import type { Deezer } from './deezer.js';
import type { Itunes } from './itunes.js';
import type { MusicBrainz } from './musicbrainz.js';
import type { Odesli } from './odesli.js';
import type { CatalogueQuery } from './query.js';
import type { Ask } from './shape.js';
import type { Spotify } from './spotify.js';
import { deriveAmazonStorefronts, verifiedStorefronts, AMAZON_SERVICES } from './storefronts.js';
import { PROVIDER_LABELS, PROVIDERS, ProviderFailure, type CatalogueRelease, type Finding, type ProviderName, type ProviderStatus, type ReleaseKind } from './types.js';

export interface Providers {
  readonly deezer: Deezer;
  readonly itunes: Itunes;
  readonly spotify: Spotify;
  readonly odesli: Odesli;
  readonly musicbrainz: MusicBrainz;
}

/** Nothing to answer: no provider knows the release (not_found), or none could be asked (providers_unavailable). */
export class ResolveFailed extends Error {
  constructor(
    readonly reason: 'not_found' | 'providers_unavailable',
    message: string,
    readonly providers: readonly ProviderStatus[],
  ) {
    super(message);
  }
}

export async function resolveRelease(p: Providers, query: CatalogueQuery, ask: Ask): Promise<CatalogueRelease> {
  const run = createRun();
  const kind: ReleaseKind = query.type === 'url' ? query.kind : query.type === 'upc' ? 'album' : 'track';
  const byUpc = { deezer: p.deezer.albumByUpc, itunes: p.itunes.albumByUpc, spotify: p.spotify.albumByUpc } as const;
  const byIsrc = { musicbrainz: p.musicbrainz.byIsrc, deezer: p.deezer.trackByIsrc, spotify: p.spotify.trackByIsrc } as const;
  const askOdesli = (url: string) => {
    if (!run.found('odesli')) run.noteSource('odesli', url);
    return run.ask('odesli', () => p.odesli.links(url, ask));
  };
  const byCode = async (upc: string | null, isrc: string | null) => {
    if (kind === 'album' && upc) await Promise.all(Object.entries(byUpc).map(([name, find]) => run.ask(name as ProviderName, () => find(upc, ask))));
    if (kind === 'track' && isrc) await Promise.all(Object.entries(byIsrc).map(([name, find]) => run.ask(name as ProviderName, () => find(isrc, ask))));
  };

  // 1. what the query names
  if (query.type === 'upc') await byCode(query.upc, null);
  else if (query.type === 'isrc') await byCode(null, query.isrc);
  else {
    const own =
      query.service === 'spotify' ? run.ask('spotify', () => p.spotify.byId(kind, query.id, ask))
      : query.service === 'deezer' ? run.ask('deezer', () => p.deezer.byId(kind, query.id, ask))
      : query.service === 'apple-music' ? run.ask('itunes', () => p.itunes.byId(kind, query.id, ask))
      : Promise.resolve();
    await Promise.all([own, askOdesli(query.url)]);
    // 2. the codes the link led to
    const deezerId = run.idFrom('odesli', 'deezer');
    if (!run.code('upc') && !run.code('isrc') && deezerId) await run.ask('deezer', () => p.deezer.byId(kind, deezerId, ask, 'crosslink'));
    await byCode(run.code('upc'), run.code('isrc'));
  }

  // 3. cross-links for a code
  const linkForOdesli = run.link('spotify') ?? run.link('deezer') ?? run.link('apple-music');
  if (query.type !== 'url' && linkForOdesli) await askOdesli(linkForOdesli);

  // 4. Apple's storefronts for an Apple link only Odesli knew
  const appleId = run.idFrom('odesli', 'apple-music');
  if (appleId && !run.found('itunes')) await run.ask('itunes', () => p.itunes.byId(kind, appleId, ask, 'crosslink'));

  // 5. Amazon's storefronts
  await amazonStorefronts(p.odesli, run, ask);

  // 6. a search by title and artist where nothing else found the service
  const lead = run.findings()[0];
  if (lead) {
    const searches = [
      ['spotify', 'spotify', () => p.spotify.search(kind, lead.title, lead.artist, ask)],
      ['deezer', 'deezer', () => p.deezer.search(kind, lead.title, lead.artist, ask)],
      ['apple-music', 'itunes', () => p.itunes.search(kind, lead.title, lead.artist, ask)],
    ] as const;
    await Promise.all(searches.filter(([service]) => !run.link(service)).map(([, provider, search]) => run.ask(provider, search)));
  }

  const findings = run.findings();
  const providers = run.statuses();
  if (findings.length === 0) throw failure(query, providers);
  return mergeRelease(kind, findings, providers);
}

/** Per-country Amazon links: asked of Odesli per country when affordable (a key), else derived by domain. */
async function amazonStorefronts(odesli: Odesli, run: Run, ask: Ask): Promise<void> {
  const found = run.finding('odesli');
  const amazon = found?.links.filter((l) => AMAZON_SERVICES[l.service]) ?? [];
  if (!found || amazon.length === 0 || ask.countries.length < 2) return;
  let perCountry: Map<string, Finding | null> | null = null;
  const source = run.sourceOf('odesli');
  if (odesli.perCountry && source) {
    try {
      perCountry = new Map(await Promise.all(ask.countries.map(async (country) => [country, await odesli.links(source, ask, country)] as const)));
    } catch (err) {
      if (!(err instanceof ProviderFailure)) throw err; // a storefront Odesli could not answer for: derive them all instead
    }
  }
  const links = found.links.map((link) => {
    if (!AMAZON_SERVICES[link.service]) return link;
    if (!perCountry) return deriveAmazonStorefronts(link, ask.countries);
    return verifiedStorefronts(link, new Map([...perCountry].map(([country, f]) => [country, f?.links.find((l) => l.service === link.service)?.url ?? null])));
  });
  run.replace({ ...found, links });
}

function failure(query: CatalogueQuery, providers: readonly ProviderStatus[]): ResolveFailed {
  const names = (list: readonly ProviderStatus[]) => listed(list.map((s) => PROVIDER_LABELS[s.provider]));
  const unanswered = providers.filter((s) => s.status !== 'not_found');
  const blank = providers.filter((s) => s.status === 'not_found');
  if (blank.length === 0) return new ResolveFailed('providers_unavailable', `No provider could answer: ${unanswered.map((s) => s.message).join('; ')}`, providers);
  const what = query.type === 'upc' ? `UPC ${query.upc}` : query.type === 'isrc' ? `ISRC ${query.isrc}` : query.url;
  const by = query.type === 'url' ? 'that link' : 'that code';
  const also = unanswered.length > 0 ? ` (not asked: ${unanswered.map((s) => s.message).join('; ')})` : '';
  return new ResolveFailed('not_found', `No release found for ${what}: ${names(blank)} ${blank.length === 1 ? 'knows' : 'know'} nothing by ${by}${also}`, providers);
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

type Run = ReturnType<typeof createRun>;

/** One resolve's state: each provider's findings and status, and the question it was asked last. */
function createRun() {
  const found = new Map<ProviderName, Finding>();
  const failed = new Map<ProviderName, ProviderStatus>();
  const asked = new Set<ProviderName>();
  const sources = new Map<ProviderName, string>();

  return {
    /** Asks a provider unless it already failed (or already found the release); records what came back. */
    async ask(provider: ProviderName, question: () => Promise<Finding | null>): Promise<void> {
      if (failed.has(provider) || found.has(provider)) return;
      asked.add(provider);
      try {
        const finding = await question();
        if (finding) found.set(provider, finding);
      } catch (err) {
        if (!(err instanceof ProviderFailure)) throw err;
        failed.set(provider, { provider, status: err.status, message: err.message });
      }
    },
    found: (provider: ProviderName) => found.has(provider),
    finding: (provider: ProviderName) => found.get(provider),
    replace: (finding: Finding) => void found.set(finding.provider, finding),
    findings: () => PROVIDERS.map((p) => found.get(p)).filter((f): f is Finding => f !== undefined),
    /** The first link found for a service (any provider). */
    link: (service: string) => [...found.values()].flatMap((f) => f.links).find((l) => l.service === service)?.url ?? null,
    code: (which: 'upc' | 'isrc') => [...found.values()].map((f) => f[which]).find((c) => c) ?? null,
    idFrom: (provider: ProviderName, service: string) => found.get(provider)?.ids?.[service] ?? null,
    /** The URL Odesli was asked with (for its per-country questions). */
    sourceOf: (provider: ProviderName) => sources.get(provider) ?? null,
    noteSource: (provider: ProviderName, url: string) => void sources.set(provider, url),
    statuses: (): ProviderStatus[] =>
      PROVIDERS.filter((p) => asked.has(p)).map(
        (p) => (found.has(p) ? { provider: p, status: 'ok' } : failed.get(p)) ?? { provider: p, status: 'not_found', message: `${PROVIDER_LABELS[p]} found nothing` },
      ),
  };
}

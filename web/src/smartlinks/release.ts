// A release found by the catalogue resolver (POST /api/v1/catalogue/resolve), and what the editor
// makes of it: the form filled (nothing saved), each found service marked with where it came from,
// the doubtful ones and the missing ones to be checked by a person (their words: catalogue-words.ts).
import type { paths } from '../api/schema';
import { serviceLabel } from './catalogue';
import { serviceDraftOf, slugify, type CatalogueIdentity, type ServiceDraft, type SmartlinkDraft } from './draft';

export type CatalogueRelease = paths['/api/v1/catalogue/resolve']['post']['responses'][200]['content']['application/json'];
export type ReleaseService = CatalogueRelease['services'][number];
export type CatalogueSource = ReleaseService['source'];
export type ProviderResult = CatalogueRelease['providers'][number];
export type Rescan = paths['/api/v1/smartlinks/{id}/rescan']['post']['responses'][200]['content']['application/json'];


/** A found service as a row of the form, marked with its source; `review` as the resolver judged it. */
export function serviceFromRelease(s: ReleaseService, review = s.review): ServiceDraft {
  return serviceDraftOf(s, { source: s.source, confidence: s.confidence, review, ...(s.note ? { note: s.note } : {}) });
}

const isUrl = (query: string): boolean => /^https?:\/\//i.test(query.trim());

/**
 * The form with the release filled in: details, and its services — a service already in the form
 * takes the found link in its place, new ones come after, empty rows go. The catalogue identity is
 * kept for Rescan. The slug follows artist and title unless it was set by hand.
 */
export function filledDraft(draft: SmartlinkDraft, release: CatalogueRelease, query: string, keepSlug: boolean): SmartlinkDraft {
  const found = new Map(release.services.map((s) => [s.service, serviceFromRelease(s)]));
  const kept = draft.services.filter((s) => s.url.trim() || s.overrides.length).map((s) => {
    const replacement = found.get(s.service);
    if (!replacement) return s;
    found.delete(s.service);
    return { ...replacement, key: s.key };
  });
  const slug = keepSlug && draft.slug.trim() ? draft.slug : slugify(release.artist, release.title);
  return {
    ...draft,
    artistName: release.artist,
    trackTitle: release.title,
    slug,
    artworkUrl: release.artworkUrl ?? draft.artworkUrl,
    releaseDate: release.releaseDate ?? draft.releaseDate,
    services: [...kept, ...found.values()],
    catalogue: {
      ...(release.upc ? { upc: release.upc } : {}),
      ...(release.isrc ? { isrc: release.isrc } : {}),
      ...(isUrl(query) ? { sourceUrl: query.trim() } : draft.catalogue?.sourceUrl ? { sourceUrl: draft.catalogue.sourceUrl } : {}),
    },
  };
}

/** Whether two catalogue identities name the same release (when it was resolved aside). */
export function sameRelease(a: CatalogueIdentity | null, b: CatalogueIdentity | null): boolean {
  return a?.upc === b?.upc && a?.isrc === b?.isrc && a?.sourceUrl === b?.sourceUrl;
}

/** The names of the rows still marked "Check this". */
export function toCheck(services: readonly ServiceDraft[]): string[] {
  return services.filter((s) => s.origin?.review).map((s) => serviceLabel(s.service, s.label || undefined));
}

/** Missing services not added by hand since. */
export function stillMissing(missing: readonly string[], services: readonly ServiceDraft[]): string[] {
  return missing.filter((id) => !services.some((s) => s.service === id));
}

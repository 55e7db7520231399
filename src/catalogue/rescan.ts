// Rescanning a saved smartlink: its catalogue identity is resolved again and the services found
// with confidence that the smartlink lacks are added; the low-confidence ones are returned for a
// person to review, never saved. Services already on the smartlink are left as the editor set them.
// A rescan looks for services that appeared since: answers the providers gave in the last
// RESCAN_MAX_AGE_MS are good enough (two rescans in a row cost no second round of calls), older
// ones are asked again.
import { MAX_SERVICES, type ServiceLink, type Smartlink, type SmartlinkCatalogue } from '../links/smartlink.js';
import type { CatalogueRelease, CatalogueService } from './types.js';

/** The oldest cached provider answer a rescan uses: 10 minutes (a release rarely appears on a service faster). */
export const RESCAN_MAX_AGE_MS = 10 * 60_000;

/** The query a saved catalogue identity is resolved by: its UPC, else its ISRC, else the link it came from. */
export function rescanQuery(catalogue: SmartlinkCatalogue | null): string | null {
  return catalogue?.upc ?? catalogue?.isrc ?? catalogue?.sourceUrl ?? null;
}

export interface RescanPlan {
  /** The smartlink's services with the added ones after them. */
  readonly services: ServiceLink[];
  readonly added: ServiceLink[];
  readonly review: CatalogueService[];
}

export function planRescan(smartlink: Pick<Smartlink, 'services'>, release: CatalogueRelease): RescanPlan {
  const present = new Set(smartlink.services.map((s) => s.service));
  const fresh = release.services.filter((s) => !present.has(s.service));
  const added = fresh
    .filter((s) => !s.review)
    .slice(0, Math.max(0, MAX_SERVICES - smartlink.services.length))
    .map(toServiceLink);
  return { services: [...smartlink.services, ...added], added, review: fresh.filter((s) => s.review) };
}

/** A resolver's service as a smartlink's button (its provenance stays with the resolver's answer). */
export function toServiceLink(service: CatalogueService): ServiceLink {
  return {
    service: service.service,
    url: service.url,
    ...(service.countries ? { countries: service.countries } : {}),
    ...(service.hiddenIn ? { hiddenIn: service.hiddenIn } : {}),
    ...(service.appUris ? { appUris: service.appUris } : {}),
  };
}

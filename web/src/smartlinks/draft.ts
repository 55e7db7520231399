// The smartlink being edited, as form state: every service and country override gets a stable
// key (for React and for keeping the focus on a moved row), and converts to the API's body.
import type { ServiceLink, Smartlink, SmartlinkStatus } from '../api/types';
import type { CatalogueSource } from './release';
import { SERVICES } from './catalogue';
import { routingBodyOf, rulesOf, type RuleDraft } from './routing-draft';
import { overrideBodyOf, overrideDraftOf, type TagOverrideDraft } from './tag-override';

export interface OverrideDraft {
  readonly key: number;
  readonly country: string;
  readonly url: string;
}

export interface ServiceDraft {
  readonly key: number;
  /** A catalogue id, or a custom id (then `label` names it). */
  readonly service: string;
  readonly custom: boolean;
  readonly label: string;
  readonly url: string;
  readonly overrides: readonly OverrideDraft[];
  /** Countries where the release is not on this service (the page hides it there). */
  readonly hiddenIn: readonly string[];
  readonly appUris: ServiceLink['appUris'] | null;
  /** Where the catalogue resolver found it; null for a row typed by hand. */
  readonly origin: ServiceOrigin | null;
}

export interface ServiceOrigin {
  readonly source: CatalogueSource;
  /** 0..1 */
  readonly confidence: number;
  /** Still to be checked by a person ("Check this"): the form is not saved until it is confirmed or removed. */
  readonly review: boolean;
  /** Something to know about the link (storefront links derived rather than looked up). */
  readonly note?: string;
}

export type CatalogueIdentity = NonNullable<Smartlink['catalogue']>;

export interface SmartlinkDraft {
  readonly artistName: string;
  readonly trackTitle: string;
  readonly slug: string;
  readonly artworkUrl: string;
  readonly releaseDate: string;
  readonly status: SmartlinkStatus;
  readonly services: readonly ServiceDraft[];
  /** What the release is in the catalogues (UPC, ISRC, the pasted link): what Rescan looks up. */
  readonly catalogue: CatalogueIdentity | null;
  /** Which services go first per system / country (RoutingRulesEditor). */
  readonly routing: readonly RuleDraft[];
  /** The page's own tags (TagOverrideEditor). */
  readonly tracking: TagOverrideDraft;
}

let nextKey = 1;
export const newKey = (): number => nextKey++;

export function newService(service = 'spotify'): ServiceDraft {
  return { key: newKey(), service, custom: false, label: '', url: '', overrides: [], hiddenIn: [], appUris: null, origin: null };
}

export function draftOf(smartlink?: Smartlink): SmartlinkDraft {
  if (!smartlink) return { artistName: '', trackTitle: '', slug: '', artworkUrl: '', releaseDate: '', status: 'draft', services: [newService()], catalogue: null, routing: [], tracking: overrideDraftOf(null) };
  return {
    artistName: smartlink.artistName,
    trackTitle: smartlink.trackTitle,
    slug: smartlink.slug,
    artworkUrl: smartlink.artworkUrl ?? '',
    releaseDate: smartlink.releaseDate ?? '',
    status: smartlink.status,
    services: smartlink.services.map((s) => serviceDraftOf(s)),
    catalogue: smartlink.catalogue ?? null,
    routing: rulesOf(smartlink.routing),
    tracking: overrideDraftOf(smartlink.tracking),
  };
}

/** A stored (or resolved) service link as a row of the form. */
export function serviceDraftOf(s: ServiceLink, origin: ServiceOrigin | null = null): ServiceDraft {
  return {
    key: newKey(),
    service: s.service,
    custom: !(s.service in SERVICES),
    label: s.label ?? '',
    url: s.url,
    overrides: Object.entries(s.countries ?? {}).map(([country, url]) => ({ key: newKey(), country, url })),
    hiddenIn: s.hiddenIn ?? [],
    appUris: s.appUris ?? null,
    origin,
  };
}

/** What a person may change in a row (the key stays; overrides, origin and the rest as given). */
export type RowChange = Partial<Omit<ServiceDraft, 'key'>>;

/**
 * A row with `change` applied. When its service or its link changes, what the catalogue resolver
 * said of the old one no longer holds: its source mark, its app URI (spotify:album:… on a row now
 * Deezer's) and the countries it is hidden in are dropped. The per-country links stay: they are
 * on the screen for the person to keep or remove.
 */
export function editedRow(row: ServiceDraft, change: RowChange): ServiceDraft {
  const next = { ...row, ...change };
  const rebound = next.service !== row.service || next.custom !== row.custom || next.url !== row.url;
  return rebound ? { ...next, origin: null, appUris: null, hiddenIn: [] } : next;
}

/** The fields the API takes (POST adds clientId). Empty optional fields are null; the API judges the rest. */
export function bodyOf(draft: SmartlinkDraft) {
  return {
    artistName: draft.artistName.trim(),
    trackTitle: draft.trackTitle.trim(),
    slug: draft.slug.trim(),
    artworkUrl: draft.artworkUrl.trim() || null,
    releaseDate: draft.releaseDate || null,
    status: draft.status,
    services: draft.services.map((s): ServiceLink => {
      const countries = Object.fromEntries(s.overrides.filter((o) => o.country.trim() || o.url.trim()).map((o) => [o.country.trim().toUpperCase(), o.url.trim()]));
      return {
        service: s.service.trim(),
        url: s.url.trim(),
        ...(s.label.trim() ? { label: s.label.trim() } : {}),
        ...(Object.keys(countries).length ? { countries } : {}),
        ...(s.hiddenIn.length ? { hiddenIn: [...s.hiddenIn] } : {}),
        ...(s.appUris && Object.keys(s.appUris).length ? { appUris: s.appUris } : {}),
      };
    }),
    catalogue: draft.catalogue,
    routing: routingBodyOf(draft.routing),
    tracking: overrideBodyOf(draft.tracking),
  };
}

/** The list with the item at `index` moved by `delta` (-1 up, +1 down); unchanged at the ends. */
export function moved<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const copy = [...list];
  if (target < 0 || target >= list.length) return copy;
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** "Nova Lune", "Midnight Drive!" → "nova-lune-midnight-drive". */
export function slugify(...parts: readonly string[]): string {
  return parts
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

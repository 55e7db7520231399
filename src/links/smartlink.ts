// Smartlinks: one release, one slug, ordered services with per-country destination overrides.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, SmartlinksTable } from '../db/schema.js';
import { checkTagIds, type TagOverride } from '../tenants/tags.js';
import { SERVICE_ID, SERVICES } from './services.js';
import { isHttpUrl } from './url.js';

export type SmartlinkStatus = SmartlinksTable['status'];

export interface ServiceLink {
  readonly service: string; // catalogue id (see services.ts) or a custom id with a label
  readonly url: string; // http(s) destination
  readonly label?: string;
  /** Per-country destinations, keyed by ISO 3166-1 alpha-2 code. */
  readonly countries?: Readonly<Record<string, string>>;
}

export interface Smartlink {
  readonly id: string;
  readonly clientId: string;
  readonly slug: string;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly artworkUrl: string | null;
  readonly releaseDate: string | null;
  readonly services: readonly ServiceLink[];
  readonly status: SmartlinkStatus;
  /** Tag override for this smartlink (null: the client's tags as they are). */
  readonly tracking: TagOverride | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewSmartlink {
  readonly clientId: string;
  readonly slug: string;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly artworkUrl?: string | null;
  readonly releaseDate?: string | null;
  readonly services: readonly ServiceLink[];
  readonly status?: SmartlinkStatus;
  readonly tracking?: TagOverride | null;
}

export class InvalidSmartlink extends Error {}

export const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** First path segments the server itself uses. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['api', 'app', 'e', 'healthz', 'metrics', 'assets', 'privacy', 'admin', 'login', 'logout', 'static', '_bench']);

/** Rules that hold for every smartlink, whoever writes it. Throws InvalidSmartlink with the first rule broken. */
function checkSmartlink(input: NewSmartlink): void {
  const fail = (message: string): never => {
    throw new InvalidSmartlink(message);
  };
  if (!SLUG.test(input.slug.toLowerCase())) fail(`slug "${input.slug}": use 1 to 64 letters, digits, "-" or "_", starting with a letter or digit`);
  if (RESERVED_SLUGS.has(input.slug.toLowerCase())) fail(`slug "${input.slug}" is reserved`);
  if (input.tracking) {
    try {
      checkTagIds(input.tracking);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  const seen = new Set<string>();
  for (const link of input.services) {
    if (!SERVICE_ID.test(link.service)) fail(`service "${link.service}": use lower-case letters, digits and "-"`);
    if (seen.has(link.service)) fail(`service "${link.service}" is listed twice`);
    seen.add(link.service);
    if (!SERVICES[link.service] && !link.label) fail(`service "${link.service}" is not in the catalogue: give it a label`);
    if (!isHttpUrl(link.url)) fail(`service "${link.service}": destination must be an http(s) URL with a host`);
    for (const [country, url] of Object.entries(link.countries ?? {})) {
      if (!/^[A-Z]{2}$/.test(country)) fail(`service "${link.service}": "${country}" is not an ISO country code`);
      if (!isHttpUrl(url)) fail(`service "${link.service}" in ${country}: destination must be an http(s) URL with a host`);
    }
  }
}

export async function createSmartlink(db: Kysely<Schema>, input: NewSmartlink, now = Date.now()): Promise<Smartlink> {
  checkSmartlink(input);
  const row: Selectable<SmartlinksTable> = {
    id: randomUUID(),
    client_id: input.clientId,
    slug: input.slug.toLowerCase(),
    artist_name: input.artistName,
    track_title: input.trackTitle,
    artwork_url: input.artworkUrl ?? null,
    release_date: input.releaseDate ?? null,
    services: JSON.stringify(input.services),
    status: input.status ?? 'draft',
    tracking: input.tracking ? JSON.stringify(input.tracking) : null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('smartlinks').values(row).execute();
  return toSmartlink(row);
}

export async function getSmartlinkBySlug(db: Kysely<Schema>, slug: string): Promise<Smartlink | undefined> {
  const row = await db.selectFrom('smartlinks').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toSmartlink(row);
}

/** Where a click on `service` goes for a fan in `country`: the override if there is one. */
export function destinationFor(link: ServiceLink, country: string | null): string {
  return (country && link.countries?.[country]) || link.url;
}

function toSmartlink(row: Selectable<SmartlinksTable>): Smartlink {
  return {
    id: row.id,
    clientId: row.client_id,
    slug: row.slug,
    artistName: row.artist_name,
    trackTitle: row.track_title,
    artworkUrl: row.artwork_url,
    releaseDate: row.release_date,
    services: JSON.parse(row.services) as ServiceLink[],
    status: row.status,
    tracking: row.tracking ? (JSON.parse(row.tracking) as TagOverride) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

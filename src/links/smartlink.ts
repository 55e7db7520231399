// Smartlinks: one release, one slug, ordered services with per-country destination overrides.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, SmartlinksTable } from '../db/schema.js';
import { checkTagIds, type TagOverride } from '../tenants/tags.js';
import { SERVICE_ID, SERVICES } from './services.js';
import type { TenantScope } from '../tenants/scope.js';
import { isHttpsUrl, isHttpUrl } from './url.js';

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
  for (const [field, value] of [['artistName', input.artistName], ['trackTitle', input.trackTitle]] as const) {
    if (value.trim() === '' || value.length > 200) fail(`${field}: 1 to 200 characters`);
  }
  if (input.artworkUrl && !isHttpsUrl(input.artworkUrl) && !/^\/assets\/[\w.-]+$/.test(input.artworkUrl)) fail('artworkUrl: an https URL');
  if (input.releaseDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.releaseDate)) fail('releaseDate: YYYY-MM-DD');
  if (input.status && !['draft', 'live', 'archived'].includes(input.status)) fail('status: draft, live or archived');
  if (input.services.length === 0 || input.services.length > 30) fail('services: 1 to 30');
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

/** The columns a smartlink's fields are stored in (checked first). */
function toColumns(input: NewSmartlink, status: SmartlinkStatus) {
  checkSmartlink(input);
  return {
    slug: input.slug.toLowerCase(),
    artist_name: input.artistName,
    track_title: input.trackTitle,
    artwork_url: input.artworkUrl ?? null,
    release_date: input.releaseDate ?? null,
    services: JSON.stringify(input.services),
    status: input.status ?? status,
    tracking: input.tracking ? JSON.stringify(input.tracking) : null,
  };
}

export async function createSmartlink(db: Kysely<Schema>, input: NewSmartlink, now = Date.now()): Promise<Smartlink> {
  const row: Selectable<SmartlinksTable> = { id: randomUUID(), client_id: input.clientId, ...toColumns(input, 'draft'), created_at: now, updated_at: now };
  await db.insertInto('smartlinks').values(row).execute();
  return toSmartlink(row);
}

export async function getSmartlinkBySlug(db: Kysely<Schema>, slug: string): Promise<Smartlink | undefined> {
  const row = await db.selectFrom('smartlinks').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toSmartlink(row);
}

export interface SmartlinkFilter {
  readonly clientId?: string;
  readonly status?: SmartlinkStatus;
  /** Matches the slug, the artist or the title (case-insensitive substring). */
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

/** Smartlinks visible in the scope, newest first, with the total for pagination. */
export async function listSmartlinks(db: Kysely<Schema>, scope: TenantScope, filter: SmartlinkFilter): Promise<{ items: Smartlink[]; total: number }> {
  const base = db
    .selectFrom('smartlinks')
    .$if(scope.clientId !== null, (qb) => qb.where('client_id', '=', scope.clientId as string))
    .$if(filter.clientId !== undefined, (qb) => qb.where('client_id', '=', filter.clientId as string))
    .$if(filter.status !== undefined, (qb) => qb.where('status', '=', filter.status as SmartlinkStatus))
    .$if(!!filter.q, (qb) => {
      const like = `%${(filter.q as string).toLowerCase()}%`;
      return qb.where((eb) => eb.or(['slug', 'artist_name', 'track_title'].map((c) => eb(eb.fn('lower', [c as 'slug']), 'like', like))));
    });
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSmartlink), total: Number(count.n) };
}

/** One smartlink, if it exists and is visible in the scope. */
export async function getSmartlink(db: Kysely<Schema>, scope: TenantScope, id: string): Promise<Smartlink | undefined> {
  const row = await db.selectFrom('smartlinks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && scope.sees(row.client_id) ? toSmartlink(row) : undefined;
}

/** Applies a change (fields given replace the current ones) and returns the smartlink as it now is. */
export async function updateSmartlink(
  db: Kysely<Schema>,
  current: Smartlink,
  change: Partial<Omit<NewSmartlink, 'clientId'>>,
  now = Date.now(),
): Promise<Smartlink> {
  const next: NewSmartlink = { ...current, ...change, clientId: current.clientId };
  await db
    .updateTable('smartlinks')
    .set({ ...toColumns(next, current.status), updated_at: now })
    .where('id', '=', current.id)
    .execute();
  return toSmartlink(await db.selectFrom('smartlinks').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow());
}

/** Smartlinks a client created since the start of the current UTC month (for maxSmartlinksPerMonth). */
export async function smartlinksCreatedThisMonth(db: Kysely<Schema>, clientId: string, now = Date.now()): Promise<number> {
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const row = await db
    .selectFrom('smartlinks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .where('created_at', '>=', monthStart)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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

// Smartlinks: one release, one slug, ordered services with per-country destination overrides.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { Schema, SmartlinksTable } from '../db/schema.js';
import type { Client } from '../tenants/client.js';
import { checkTagIds, type TagOverride } from '../tenants/tags.js';
import { appUriProblem } from './app-uri.js';
import { notACountry, toCountryCode } from './country.js';
import { routingProblem, withCountryCodes, type Routing } from './routing.js';
import { SERVICE_ID, SERVICES } from './services.js';
import type { TenantScope } from '../tenants/scope.js';
import { checkHttpUrl, normalisedHttpUrl } from './url.js';

export type SmartlinkStatus = SmartlinksTable['status'];

export interface ServiceLink {
  readonly service: string; // catalogue id (see services.ts) or a custom id with a label
  readonly url: string; // http(s) destination
  readonly label?: string;
  /** Per-country destinations, keyed by ISO 3166-1 alpha-2 code. */
  readonly countries?: Readonly<Record<string, string>>;
  /** ISO 3166-1 alpha-2 codes where the release is not on this service: the page hides it there (routing.ts). */
  readonly hiddenIn?: readonly string[];
  /**
   * The service app's own URI for the release (from the catalogue resolver), tried from iOS in-app
   * browsers (app-open.ts); only a scheme of that service's app (app-uri.ts). Android needs none:
   * the app is opened by its package with the https link.
   */
  readonly appUris?: { readonly ios?: string };
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
  /** Which services go first for fans on one system and/or in some countries (routing.ts); null: the order above. */
  readonly routing: Routing | null;
  /** The artwork as Duotrack copied it from artworkUrl (src/artwork/), null until then (the page shows artworkUrl). */
  readonly artwork: SmartlinkArtwork | null;
  /** The release's identity in the catalogues (src/catalogue/), for a rescan; null: filled by hand. */
  readonly catalogue: SmartlinkCatalogue | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SmartlinkCatalogue {
  readonly upc?: string;
  readonly isrc?: string;
  /** The link the release was resolved from. */
  readonly sourceUrl?: string;
  /** When it was last resolved (epoch ms). */
  readonly resolvedAt?: number;
}

export interface SmartlinkArtwork {
  /** The copy's id (a hash of the source image): its files are under /art/<id>/. */
  readonly id: string;
  /** Its dominant colour, #rrggbb. */
  readonly color: string;
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
  readonly routing?: Routing | null;
  readonly catalogue?: SmartlinkCatalogue | null;
}

export class InvalidSmartlink extends Error {
  /** The field the rule is about, dotted ("slug", "services.2"): the API's 400 names it, so a form can mark it. */
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The most services a smartlink holds (a rescan adds no more than that either). */
export const MAX_SERVICES = 30;

/** Artwork may also be one of this server's own files. */
const ASSET_PATH = /^\/assets\/[\w.-]+$/;

/** First path segments the server itself uses. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['api', 'app', 'e', 'healthz', 'metrics', 'assets', 'privacy', 'admin', 'login', 'logout', 'static', 'tls', '_bench', 'art']);

/**
 * Rules that hold for every smartlink, whoever writes it. Returns the smartlink with its URLs
 * normalised (what is stored); throws InvalidSmartlink with the first rule broken.
 */
function checked(input: NewSmartlink): NewSmartlink {
  const fail = (message: string, field?: string): never => {
    throw new InvalidSmartlink(message, field);
  };
  const destination = (where: string, url: string, field: string): string => {
    const check = checkHttpUrl(url);
    return check.ok ? check.href : fail(`${where}: destination must be an http(s) URL with a host (this one ${check.problem})`, field);
  };
  if (!SLUG.test(input.slug.toLowerCase())) fail(`slug "${input.slug}": use 1 to 64 letters, digits, "-" or "_", starting with a letter or digit`, 'slug');
  if (RESERVED_SLUGS.has(input.slug.toLowerCase())) fail(`slug "${input.slug}" is reserved`, 'slug');
  for (const [field, value] of [['artistName', input.artistName], ['trackTitle', input.trackTitle]] as const) {
    if (value.trim() === '' || value.length > 200) fail(`${field}: 1 to 200 characters`, field);
  }
  const artwork = (url: string | null | undefined) => {
    if (!url || ASSET_PATH.test(url)) return url;
    const href = normalisedHttpUrl(url);
    return href?.startsWith('https:') ? href : fail('artworkUrl: an https URL', 'artworkUrl');
  };
  const artworkUrl = artwork(input.artworkUrl);
  if (input.releaseDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.releaseDate)) fail('releaseDate: YYYY-MM-DD', 'releaseDate');
  if (input.status && !['draft', 'live', 'archived'].includes(input.status)) fail('status: draft, live or archived', 'status');
  if (input.services.length === 0 || input.services.length > MAX_SERVICES) fail(`services: 1 to ${MAX_SERVICES}`, 'services');
  if (input.tracking) {
    try {
      checkTagIds(input.tracking);
    } catch (err) {
      fail((err as Error).message, 'tracking');
    }
  }
  const seen = new Set<string>();
  const services = input.services.map((link, i): ServiceLink => {
    const at = `services.${i}`; // the row's field, for a form to mark
    if (!SERVICE_ID.test(link.service)) fail(`service "${link.service}": use lower-case letters, digits and "-"`, `${at}.service`);
    if (seen.has(link.service)) fail(`service "${link.service}" is listed twice`, `${at}.service`);
    seen.add(link.service);
    if (!SERVICES[link.service] && !link.label) fail(`service "${link.service}" is not in the catalogue: give it a label`, `${at}.label`);
    const url = destination(`service "${link.service}"`, link.url, `${at}.url`);
    const hiddenIn = link.hiddenIn?.map((code) => toCountryCode(code) ?? fail(`service "${link.service}": hiddenIn ${notACountry(code)}`, `${at}.hiddenIn`));
    // Only the iOS URI is kept (one stored before Android URIs were dropped, or sent by an old resolver, goes).
    const { appUris: _given, hiddenIn: _hidden, ...given } = link;
    const rest = hiddenIn ? { ...given, hiddenIn } : given;
    const ios = link.appUris?.ios;
    if (ios !== undefined) {
      const problem = appUriProblem(link.service, ios);
      if (problem) fail(`service "${link.service}": ${problem}`, `${at}.appUris`);
    }
    const appUris = ios !== undefined ? { appUris: { ios } } : {};
    if (!link.countries) return { ...rest, url, ...appUris };
    const countries = Object.fromEntries(
      Object.entries(link.countries).map(([country, override]) => {
        const code = toCountryCode(country) ?? fail(`service "${link.service}": ${notACountry(country)}`, `${at}.countries`);
        return [code, destination(`service "${link.service}" in ${code}`, override, `${at}.countries`)];
      }),
    );
    return { ...rest, url, countries, ...appUris };
  });
  const routing = input.routing ? withCountryCodes(input.routing) : input.routing;
  const routingCheck = routing ? routingProblem(routing, services) : null;
  if (routingCheck) fail(routingCheck, 'routing');
  const catalogue = input.catalogue ? checkedCatalogue(input.catalogue, fail) : null;
  return { ...input, artworkUrl, services, routing, catalogue };
}

/** The catalogue identity as stored: only the fields given, null when none is. */
function checkedCatalogue(catalogue: SmartlinkCatalogue, fail: (message: string, field?: string) => never): SmartlinkCatalogue | null {
  const { upc, isrc, sourceUrl, resolvedAt } = catalogue;
  if (upc !== undefined && !/^\d{12,14}$/.test(upc)) fail('catalogue.upc: 12 to 14 digits');
  if (isrc !== undefined && !/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/.test(isrc)) fail('catalogue.isrc: an ISRC such as USRC17607839');
  const source = sourceUrl === undefined ? undefined : (normalisedHttpUrl(sourceUrl) ?? fail('catalogue.sourceUrl: an http(s) URL'));
  if (resolvedAt !== undefined && !(Number.isInteger(resolvedAt) && resolvedAt >= 0)) fail('catalogue.resolvedAt: milliseconds since 1970');
  const kept = { ...(upc ? { upc } : {}), ...(isrc ? { isrc } : {}), ...(source ? { sourceUrl: source } : {}), ...(resolvedAt !== undefined ? { resolvedAt } : {}) };
  return Object.keys(kept).length > 0 ? kept : null;
}

/** Routing as stored: only the fields a rule has, null when there is no rule. */
function storedRouting(routing: Routing | null | undefined): string | null {
  if (!routing || routing.rules.length === 0) return null;
  const rules = routing.rules.map(({ os, countries, first }) => ({ ...(os ? { os } : {}), ...(countries ? { countries } : {}), first }));
  return JSON.stringify({ rules });
}

/** The columns a smartlink's fields are stored in (checked and normalised first). */
function toColumns(change: NewSmartlink, status: SmartlinkStatus) {
  const input = checked(change);
  return {
    slug: input.slug.toLowerCase(),
    artist_name: input.artistName,
    track_title: input.trackTitle,
    artwork_url: input.artworkUrl ?? null,
    release_date: input.releaseDate ?? null,
    services: JSON.stringify(input.services),
    status: input.status ?? status,
    tracking: input.tracking ? JSON.stringify(input.tracking) : null,
    routing: storedRouting(input.routing),
    catalogue: input.catalogue ? JSON.stringify(input.catalogue) : null,
  };
}

export async function createSmartlink(db: Kysely<Schema>, input: NewSmartlink, now = Date.now()): Promise<Smartlink> {
  const row: Selectable<SmartlinksTable> = { id: randomUUID(), client_id: input.clientId, ...toColumns(input, 'draft'), artwork: null, created_at: now, updated_at: now };
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
  const columns = toColumns(next, current.status);
  // A new artworkUrl: the copy of the old one no longer applies (src/artwork/ copies the new one).
  const artwork = columns.artwork_url === current.artworkUrl ? {} : { artwork: null };
  await db
    .updateTable('smartlinks')
    .set({ ...columns, ...artwork, updated_at: now })
    .where('id', '=', current.id)
    .execute();
  return toSmartlink(await db.selectFrom('smartlinks').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow());
}

/**
 * Whether the client may create one more smartlink this month (`settings.maxSmartlinksPerMonth`,
 * counted from the start of the current UTC month). Ask it in the transaction that creates the
 * smartlink: on PostgreSQL it first locks the client's row, so concurrent creates for one client
 * count one after the other; SQLite runs one write transaction at a time.
 */
export async function mayCreateThisMonth(trx: Kysely<Schema>, dialect: Dialect, client: Pick<Client, 'id' | 'settings'>, now = Date.now()): Promise<boolean> {
  const lock = trx.selectFrom('clients').select('id').where('id', '=', client.id);
  await (dialect === 'postgres' ? lock.forUpdate() : lock).execute();
  const d = new Date(now);
  const row = await trx
    .selectFrom('smartlinks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', client.id)
    .where('created_at', '>=', Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))
    .executeTakeFirstOrThrow();
  return Number(row.n) < client.settings.maxSmartlinksPerMonth;
}

/** Smartlinks whose https artworkUrl is not copied yet (src/artwork/ingest.ts), latest change first. */
export async function smartlinksAwaitingArtwork(db: Kysely<Schema>, limit: number): Promise<{ id: string; artworkUrl: string }[]> {
  const rows = await db
    .selectFrom('smartlinks')
    .select(['id', 'artwork_url'])
    .where('artwork', 'is', null)
    .where('artwork_url', 'like', 'https://%')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, artworkUrl: row.artwork_url as string }));
}

/**
 * Records the copy of a smartlink's artwork, if its artworkUrl is still `artworkUrl` (it may have
 * changed while the image was being copied). Returns whether it was recorded. The smartlink's
 * updated_at is left alone: the copy is not an edit.
 */
export async function setSmartlinkArtwork(db: Kysely<Schema>, id: string, artworkUrl: string, artwork: SmartlinkArtwork): Promise<boolean> {
  const result = await db
    .updateTable('smartlinks')
    .set({ artwork: JSON.stringify({ id: artwork.id, color: artwork.color }) })
    .where('id', '=', id)
    .where('artwork_url', '=', artworkUrl)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Whether a click on this service can be redirected: every destination has a normalised form.
 * Those stored before destinations were normalised on save may not (the click route answers 404
 * for them, before recording anything).
 */
export function redirectable(link: ServiceLink): boolean {
  return [link.url, ...Object.values(link.countries ?? {})].every((url) => normalisedHttpUrl(url) !== null);
}

/** Where a click on a redirectable `link` goes for a fan in `country` (the override if there is one), normalised. */
export function destinationFor(link: ServiceLink, country: string | null): string {
  const url = (country && link.countries?.[country]) || link.url;
  const href = normalisedHttpUrl(url);
  if (href === null) throw new InvalidSmartlink(`service "${link.service}": a destination cannot be redirected to (check redirectable() first)`);
  return href;
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
    routing: row.routing ? (JSON.parse(row.routing) as Routing) : null,
    catalogue: row.catalogue ? (JSON.parse(row.catalogue) as SmartlinkCatalogue) : null,
    artwork: row.artwork ? (JSON.parse(row.artwork) as SmartlinkArtwork) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Clients (tenants): an agency's label, artist or manager, with its tags, branding and settings.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ClientsTable, Schema } from '../db/schema.js';
import { reportingTimeZoneProblem } from '../analytics/time-zone.js';
import { normalHost } from '../host.js';
import { notACountry, toCountryCode } from '../links/country.js';
import { isHttpsUrl, isHttpUrl, normalisedHttpUrl } from '../links/url.js';
import { domainWritten, verifiedDomainOwner, verifiedDomains } from './domain-verification.js';
import type { TenantScope } from './scope.js';
import { checkTagIds, MAX_TAG_ALLOW_LIST, TAG_POLICIES, tagHostSourceProblem, type TagIds, type TagPolicy } from './tags.js';

/** The client's tags (formats in tags.ts) and free-form custom ids. */
export interface Tracking extends TagIds {
  readonly custom?: Readonly<Record<string, string>>;
}

export interface Branding {
  readonly logo: string | null; // https URL
  readonly primaryColor: string; // #rrggbb: page accent, buttons
  readonly secondaryColor: string; // #rrggbb: background
  readonly font: string; // one of FONTS
}

export interface ClientSettings {
  readonly allowCustomDomains: boolean;
  readonly maxSmartlinksPerMonth: number;
  readonly analyticsRetentionDays: number;
  /** This client's Slack incoming webhook for its alerts (instead of SLACK_WEBHOOK_URL). */
  readonly slackWebhookUrl?: string | null;
  /** Treat the browser's Global Privacy Control (Sec-GPC: 1) as an opt-out. Default true. */
  readonly honorGpc?: boolean;
  /** What the client's pages let tags load (tags.ts): 'strict' when absent. The client may change it. */
  readonly tagPolicy?: TagPolicy;
  /** Extra https hosts the page allows under 'gtm-open' (other vendors' pixels). The client may change it. */
  readonly tagAllowList?: readonly string[];
  /**
   * A fan who asked a page to remember their service (src/landing/preferred-service.ts) skips the
   * page of this client's smartlinks and goes straight to it (the view and the click still
   * counted). Default false. The client may change it.
   */
  readonly skipToPreferredService?: boolean;
}

/** The settings a client user may change; the others are the agency's. */
export const CLIENT_EDITABLE_SETTINGS: readonly (keyof ClientSettings)[] = ['tagPolicy', 'tagAllowList', 'skipToPreferredService'];

/** What the fan-facing privacy page says beyond what Duotrack writes itself. */
export interface PrivacyNotice {
  /** Where fans exercise their rights: an email address or an https URL. */
  readonly contact: string | null;
  /** Extra text from the client (its controller identity, its DPO…). */
  readonly notice: string | null;
}

export interface Client {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly tracking: Tracking;
  readonly branding: Branding;
  readonly settings: ClientSettings;
  /** ISO country codes whose visitors get a consent banner; "EEA" stands for the whole area. */
  readonly consentRegions: readonly string[];
  readonly conversionValue: number | null;
  /** ISO 4217 code of the revenue (EUR, USD…); null: none named. */
  readonly currency: string | null;
  /** IANA zone of the client's reports: its days and hours. */
  readonly timeZone: string;
  readonly privacy: PrivacyNotice;
  readonly createdAt: number;
  /** When the agency archived it (its pages answer 410, its data is kept; tenants/lifecycle.ts); null while active. */
  readonly archivedAt: number | null;
}

/** System font stacks: a page never waits for a web font. */
export const FONTS = {
  system: 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
  serif: 'Georgia,"Times New Roman",serif',
  mono: 'ui-monospace,Menlo,Consolas,monospace',
  rounded: 'ui-rounded,"SF Pro Rounded",system-ui,sans-serif',
  condensed: '"Arial Narrow","Roboto Condensed",system-ui,sans-serif',
} as const;

export const DEFAULT_BRANDING: Branding = { logo: null, primaryColor: '#1db954', secondaryColor: '#111111', font: 'system' };
export const DEFAULT_SETTINGS: ClientSettings = { allowCustomDomains: false, maxSmartlinksPerMonth: 100, analyticsRetentionDays: 395 };
export const DEFAULT_PRIVACY: PrivacyNotice = { contact: null, notice: null };
export const DEFAULT_CONSENT_REGIONS: readonly string[] = ['EEA', 'GB', 'CH'];

export class InvalidClient extends Error {
  /** The field the rule is about, dotted ("branding.logo"): the API's 400 names it, so a form can mark it. */
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the rules of a client depend on in this installation. */
export interface ClientRules {
  /**
   * APP_HOST, which no client may take as its domain: Duotrack answers the HTTP verification token
   * on any host that reaches it, so the installation's own host would verify at once and then show
   * that client's smartlinks only.
   */
  readonly appHost?: string | null;
}

/** ISO 4217 codes this runtime knows (any case). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const isCurrency = (code: string): boolean => CURRENCIES.has(code.toUpperCase());

/** Rules that hold for every client, whoever writes it. Throws InvalidClient (or InvalidTag) with the first rule broken. */
export function checkClient(input: Partial<NewClient>, { appHost = null }: ClientRules = {}): void {
  // The field is the message's "field:" prefix unless given.
  const fail = (message: string, field = message.match(/^([\w.]+):/)?.[1]): never => {
    throw new InvalidClient(message, field);
  };
  if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 200)) fail('name: 1 to 200 characters');
  if (input.domain && !DOMAIN.test(input.domain.toLowerCase())) fail(`domain "${input.domain}" is not a host name`, 'domain');
  if (input.domain && appHost !== null && normalHost(input.domain) === appHost) fail(`domain "${input.domain}" is this installation's own host (APP_HOST), not a custom domain`, 'domain');
  const b = input.branding ?? {};
  for (const key of ['primaryColor', 'secondaryColor'] as const) {
    if (b[key] !== undefined && !HEX_COLOR.test(b[key])) fail(`branding.${key}: a colour like #1db954`);
  }
  if (b.font !== undefined && !(b.font in FONTS)) fail(`branding.font: one of ${Object.keys(FONTS).join(', ')}`);
  if (b.logo && !isHttpsUrl(b.logo)) fail('branding.logo: an https URL');
  const settings = input.settings ?? {};
  if (settings.maxSmartlinksPerMonth !== undefined && !(Number.isInteger(settings.maxSmartlinksPerMonth) && settings.maxSmartlinksPerMonth >= 0)) {
    fail('settings.maxSmartlinksPerMonth: a whole number, 0 or more');
  }
  const retention = settings.analyticsRetentionDays;
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 1 && retention <= 760)) fail('settings.analyticsRetentionDays: 1 to 760');
  if (settings.slackWebhookUrl && !isHttpUrl(settings.slackWebhookUrl)) fail('settings.slackWebhookUrl: an http(s) URL');
  if (settings.tagPolicy !== undefined && !TAG_POLICIES.includes(settings.tagPolicy)) fail(`settings.tagPolicy: one of ${TAG_POLICIES.join(', ')}`);
  const allowList = settings.tagAllowList;
  if (allowList !== undefined) {
    if (!Array.isArray(allowList) || allowList.length > MAX_TAG_ALLOW_LIST) fail(`settings.tagAllowList: a list of at most ${MAX_TAG_ALLOW_LIST} hosts`);
    for (const entry of allowList) {
      const problem = tagHostSourceProblem(entry);
      if (problem) fail(`settings.tagAllowList: "${String(entry).slice(0, 80)}" is ${problem}`);
    }
  }
  for (const region of input.consentRegions ?? []) if (consentRegion(region) !== region) fail(`consentRegions: ${notACountry(region)}, nor EEA`);
  if (input.conversionValue != null && !(input.conversionValue >= 0)) fail('conversionValue: 0 or more');
  if (input.currency != null && !isCurrency(input.currency)) fail(`currency: "${input.currency.slice(0, 10)}" is not an ISO 4217 currency code (EUR, USD, GBP…)`);
  const contact = input.privacy?.contact;
  if (contact && !(EMAIL.test(contact) || isHttpsUrl(contact))) fail('privacy.contact: an email address or an https URL');
  const zoneProblem = input.timeZone === undefined ? null : reportingTimeZoneProblem(input.timeZone);
  if (zoneProblem) fail(`timeZone: ${zoneProblem}`);
  checkTagIds(input.tracking ?? {});
}

/** A consent region as stored: "EEA" or an ISO country code, upper case; null when it is neither. */
function consentRegion(input: string): string | null {
  return input.trim().toUpperCase() === 'EEA' ? 'EEA' : toCountryCode(input);
}

/** The client with its consent regions upper case ("fr" → "FR"); one that is no region stays as given, for checkClient to name. */
function withRegionCodes<T extends Partial<NewClient>>(input: T): T {
  return input.consentRegions ? { ...input, consentRegions: input.consentRegions.map((r) => consentRegion(r) ?? r) } : input;
}

/** The branding as stored: the logo (checked by checkClient) as its normalised href, the form the page's CSP names. */
function storedBranding(branding: Partial<Branding> = {}): Partial<Branding> {
  return branding.logo ? { ...branding, logo: normalisedHttpUrl(branding.logo) } : branding;
}

export interface NewClient {
  readonly name: string;
  readonly domain?: string | null;
  readonly tracking?: Tracking;
  readonly branding?: Partial<Branding>;
  readonly settings?: Partial<ClientSettings>;
  readonly consentRegions?: readonly string[];
  readonly conversionValue?: number | null;
  readonly currency?: string | null;
  readonly timeZone?: string;
  readonly privacy?: Partial<PrivacyNotice>;
}

export async function createClient(db: Kysely<Schema>, given: NewClient, { now = Date.now(), ...rules }: ClientRules & { readonly now?: number } = {}): Promise<Client> {
  const input = withRegionCodes(given);
  checkClient(input, rules);
  const row: Selectable<ClientsTable> = {
    id: randomUUID(),
    name: input.name,
    domain: input.domain?.trim().toLowerCase() || null,
    tracking: JSON.stringify(input.tracking ?? {}),
    branding: JSON.stringify({ ...DEFAULT_BRANDING, ...storedBranding(input.branding) }),
    settings: JSON.stringify({ ...DEFAULT_SETTINGS, ...input.settings }),
    consent_regions: JSON.stringify(input.consentRegions ?? DEFAULT_CONSENT_REGIONS),
    conversion_value: input.conversionValue ?? null,
    currency: input.currency?.toUpperCase() ?? null,
    time_zone: input.timeZone ?? 'UTC',
    privacy: JSON.stringify({ ...DEFAULT_PRIVACY, ...input.privacy }),
    created_at: now,
    archived_at: null,
  };
  await db.insertInto('clients').values(row).execute();
  if (row.domain !== null) await domainWritten(db, row.id, row.domain, now);
  return toClient(row);
}

export async function getClient(db: Kysely<Schema>, id: string): Promise<Client | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toClient(row);
}

/** The clients in the scope, oldest first; the archived ones too unless `activeOnly` (retention still applies to them). */
export async function listClients(db: Kysely<Schema>, scope?: TenantScope, { activeOnly = false }: { readonly activeOnly?: boolean } = {}): Promise<Client[]> {
  const rows = await db
    .selectFrom('clients')
    .selectAll()
    .$if(!!scope?.clientId, (qb) => qb.where('id', '=', scope?.clientId as string))
    .$if(activeOnly, (qb) => qb.where('archived_at', 'is', null))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toClient);
}

/**
 * Applies a partial change (nested objects merged) and returns the client as it now is. Pass a
 * transaction: a new domain's verification is reset in the same one.
 */
export async function updateClient(db: Kysely<Schema>, current: Client, given: Partial<NewClient>, rules: ClientRules = {}): Promise<Client> {
  const change = withRegionCodes(given);
  const next: NewClient = {
    name: change.name ?? current.name,
    domain: change.domain === undefined ? current.domain : change.domain,
    tracking: change.tracking === undefined ? current.tracking : change.tracking,
    branding: { ...current.branding, ...change.branding },
    settings: { ...current.settings, ...change.settings },
    consentRegions: change.consentRegions ?? current.consentRegions,
    conversionValue: change.conversionValue === undefined ? current.conversionValue : change.conversionValue,
    currency: change.currency === undefined ? current.currency : change.currency,
    timeZone: change.timeZone ?? current.timeZone,
    privacy: { ...current.privacy, ...change.privacy },
  };
  checkClient(next, rules);
  const domain = next.domain?.trim().toLowerCase() || null;
  await db
    .updateTable('clients')
    .set({
      name: next.name,
      domain,
      tracking: JSON.stringify(next.tracking),
      branding: JSON.stringify(storedBranding(next.branding)),
      settings: JSON.stringify(next.settings),
      consent_regions: JSON.stringify(next.consentRegions),
      conversion_value: next.conversionValue ?? null,
      currency: next.currency?.toUpperCase() ?? null,
      time_zone: next.timeZone,
      privacy: JSON.stringify(next.privacy),
    })
    .where('id', '=', current.id)
    .execute();
  if (domain !== current.domain) await domainWritten(db, current.id, domain);
  return (await getClient(db, current.id)) as Client;
}

/** A client as the API shows it and the audit log records it: secrets reduced to their host. */
export function withoutSecrets(client: Client): Client {
  const hook = client.settings.slackWebhookUrl;
  return hook ? { ...client, settings: { ...client.settings, slackWebhookUrl: `${new URL(hook).origin}/…` } } : client;
}

/** The client serving a custom domain: only once the domain is verified (domain-verification.ts), only while that client may use custom domains. */
export async function findClientByDomain(db: Kysely<Schema>, host: string): Promise<Client | undefined> {
  const owner = await verifiedDomainOwner(db, host.toLowerCase());
  const client = owner === null ? undefined : await getClient(db, owner);
  return client?.settings.allowCustomDomains ? client : undefined;
}

/** Every custom domain served now: verified, of a client that may use custom domains. */
export async function servedCustomDomains(db: Kysely<Schema>): Promise<ReadonlySet<string>> {
  const verified = await verifiedDomains(db);
  if (verified.length === 0) return new Set();
  const clients = await db.selectFrom('clients').select(['id', 'settings']).where('id', 'in', verified.map((v) => v.clientId)).execute();
  const allowed = new Set(clients.filter((c) => (JSON.parse(c.settings) as ClientSettings).allowCustomDomains).map((c) => c.id));
  return new Set(verified.filter((v) => allowed.has(v.clientId)).map((v) => v.domain));
}

function toClient(row: Selectable<ClientsTable>): Client {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    tracking: JSON.parse(row.tracking) as Tracking,
    branding: JSON.parse(row.branding) as Branding,
    settings: JSON.parse(row.settings) as ClientSettings,
    consentRegions: JSON.parse(row.consent_regions) as string[],
    conversionValue: row.conversion_value,
    currency: row.currency,
    timeZone: row.time_zone,
    privacy: { ...DEFAULT_PRIVACY, ...(JSON.parse(row.privacy) as Partial<PrivacyNotice>) },
    createdAt: row.created_at,
    archivedAt: row.archived_at,
  };
}

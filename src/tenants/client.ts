// Clients (tenants): an agency's label, artist or manager, with its tags, branding and settings.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ClientsTable, Schema } from '../db/schema.js';
import { checkTagIds, type TagIds } from './tags.js';

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
  readonly createdAt: number;
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
export const DEFAULT_CONSENT_REGIONS: readonly string[] = ['EEA', 'GB', 'CH'];

export interface NewClient {
  readonly name: string;
  readonly domain?: string | null;
  readonly tracking?: Tracking;
  readonly branding?: Partial<Branding>;
  readonly settings?: Partial<ClientSettings>;
  readonly consentRegions?: readonly string[];
  readonly conversionValue?: number | null;
}

export async function createClient(db: Kysely<Schema>, input: NewClient, now = Date.now()): Promise<Client> {
  checkTagIds(input.tracking ?? {});
  const row: Selectable<ClientsTable> = {
    id: randomUUID(),
    name: input.name,
    domain: input.domain?.toLowerCase() ?? null,
    tracking: JSON.stringify(input.tracking ?? {}),
    branding: JSON.stringify({ ...DEFAULT_BRANDING, ...input.branding }),
    settings: JSON.stringify({ ...DEFAULT_SETTINGS, ...input.settings }),
    consent_regions: JSON.stringify(input.consentRegions ?? DEFAULT_CONSENT_REGIONS),
    conversion_value: input.conversionValue ?? null,
    created_at: now,
  };
  await db.insertInto('clients').values(row).execute();
  return toClient(row);
}

export async function getClient(db: Kysely<Schema>, id: string): Promise<Client | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toClient(row);
}

export async function listClients(db: Kysely<Schema>): Promise<Client[]> {
  const rows = await db.selectFrom('clients').selectAll().orderBy('created_at').execute();
  return rows.map(toClient);
}

/** The client serving a custom domain, only while that client may use custom domains. */
export async function findClientByDomain(db: Kysely<Schema>, host: string): Promise<Client | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('domain', '=', host.toLowerCase()).executeTakeFirst();
  const client = row && toClient(row);
  return client?.settings.allowCustomDomains ? client : undefined;
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
    createdAt: row.created_at,
  };
}

// A client's forwarding settings: per platform on/off, its credential (sealed, never shown again
// once set), Meta's and TikTok's test event codes, GA4's validation mode and endpoint region, what to
// do with visitors outside the client's consent regions, and Limited Data Use (limited-data-use.ts).
// One row of `client_forwarding` per client.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { SecretBox } from '../tenants/secrets.js';

export type Platform = 'ga4' | 'meta' | 'tiktok';
export const PLATFORMS: readonly Platform[] = ['ga4', 'meta', 'tiktok'];

/** Where GA4 collects: Google's global endpoint (GA4_MP_URL) or its EU one (GA4_MP_EU_URL). */
export type Ga4Region = 'global' | 'eu';

/** As stored: credentials sealed (secrets.ts). */
export interface StoredForwarding {
  readonly ga4: { readonly enabled: boolean; readonly apiSecret: string | null; readonly validate: boolean; readonly region: Ga4Region };
  readonly meta: { readonly enabled: boolean; readonly accessToken: string | null; readonly testEventCode: string | null };
  readonly tiktok: { readonly enabled: boolean; readonly accessToken: string | null; readonly testEventCode: string | null };
  /** Visitors outside the client's consent regions: forwarded (default) or not. */
  readonly outsideConsentRegions: 'forward' | 'skip';
  /** Flag Meta's and TikTok's events of fans in the US states with Limited Data Use (default off). */
  readonly limitedDataUse: boolean;
}

/** As the API shows it: whether a credential is set, never the credential. */
export interface ForwardingView {
  readonly ga4: { readonly enabled: boolean; readonly apiSecretSet: boolean; readonly validate: boolean; readonly region: Ga4Region };
  readonly meta: { readonly enabled: boolean; readonly accessTokenSet: boolean; readonly testEventCode: string | null };
  readonly tiktok: { readonly enabled: boolean; readonly accessTokenSet: boolean; readonly testEventCode: string | null };
  readonly outsideConsentRegions: 'forward' | 'skip';
  readonly limitedDataUse: boolean;
}

/** A change from the API: a credential string sets it, null removes it, absent keeps it. */
export interface ForwardingChange {
  readonly ga4?: { readonly enabled?: boolean; readonly apiSecret?: string | null; readonly validate?: boolean; readonly region?: Ga4Region };
  readonly meta?: { readonly enabled?: boolean; readonly accessToken?: string | null; readonly testEventCode?: string | null };
  readonly tiktok?: { readonly enabled?: boolean; readonly accessToken?: string | null; readonly testEventCode?: string | null };
  readonly outsideConsentRegions?: 'forward' | 'skip';
  readonly limitedDataUse?: boolean;
}

/** Credentials in clear, for the destinations only. */
export interface Credentials {
  readonly ga4: { readonly apiSecret: string; readonly validate: boolean; readonly region: Ga4Region } | null;
  readonly meta: { readonly accessToken: string; readonly testEventCode: string | null } | null;
  readonly tiktok: { readonly accessToken: string; readonly testEventCode: string | null } | null;
  readonly outsideConsentRegions: 'forward' | 'skip';
  readonly limitedDataUse: boolean;
}

export const NO_FORWARDING: StoredForwarding = {
  ga4: { enabled: false, apiSecret: null, validate: false, region: 'global' },
  meta: { enabled: false, accessToken: null, testEventCode: null },
  tiktok: { enabled: false, accessToken: null, testEventCode: null },
  outsideConsentRegions: 'forward',
  limitedDataUse: false,
};

export function viewOf(s: StoredForwarding): ForwardingView {
  return {
    ga4: { enabled: s.ga4.enabled, apiSecretSet: s.ga4.apiSecret !== null, validate: s.ga4.validate, region: s.ga4.region },
    meta: { enabled: s.meta.enabled, accessTokenSet: s.meta.accessToken !== null, testEventCode: s.meta.testEventCode },
    tiktok: { enabled: s.tiktok.enabled, accessTokenSet: s.tiktok.accessToken !== null, testEventCode: s.tiktok.testEventCode },
    outsideConsentRegions: s.outsideConsentRegions,
    limitedDataUse: s.limitedDataUse,
  };
}

/** The platforms this client forwards to: switched on, with a credential. */
export function activePlatforms(s: StoredForwarding): Platform[] {
  return [
    ...(s.ga4.enabled && s.ga4.apiSecret ? (['ga4'] as const) : []),
    ...(s.meta.enabled && s.meta.accessToken ? (['meta'] as const) : []),
    ...(s.tiktok.enabled && s.tiktok.accessToken ? (['tiktok'] as const) : []),
  ];
}

export function parseStored(json: string | undefined): StoredForwarding {
  if (!json) return NO_FORWARDING;
  const s = JSON.parse(json) as Partial<StoredForwarding>;
  return {
    ga4: { ...NO_FORWARDING.ga4, ...s.ga4 },
    meta: { ...NO_FORWARDING.meta, ...s.meta },
    tiktok: { ...NO_FORWARDING.tiktok, ...s.tiktok },
    outsideConsentRegions: s.outsideConsentRegions ?? 'forward',
    limitedDataUse: s.limitedDataUse ?? false,
  };
}

export async function loadForwarding(db: Kysely<Schema>, clientIds: readonly string[]): Promise<Map<string, StoredForwarding>> {
  const out = new Map<string, StoredForwarding>();
  if (clientIds.length === 0) return out;
  const rows = await db.selectFrom('client_forwarding').select(['client_id', 'settings']).where('client_id', 'in', [...new Set(clientIds)]).execute();
  for (const row of rows) out.set(row.client_id, parseStored(row.settings));
  return out;
}

export async function forwardingViews(db: Kysely<Schema>, clientIds: readonly string[]): Promise<Map<string, ForwardingView>> {
  const stored = await loadForwarding(db, clientIds);
  return new Map(clientIds.map((id) => [id, viewOf(stored.get(id) ?? NO_FORWARDING)]));
}

export class InvalidForwarding extends Error {}

const CREDENTIAL = /^[\x21-\x7e]{8,512}$/;
const TEST_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** Applies a change (credentials sealed here) and stores it. Returns the new view. */
export async function updateForwarding(db: Kysely<Schema>, box: SecretBox, clientId: string, change: ForwardingChange, now = Date.now()): Promise<ForwardingView> {
  const current = (await loadForwarding(db, [clientId])).get(clientId) ?? NO_FORWARDING;
  const credential = (name: string, value: string | null | undefined, sealed: string | null): string | null => {
    if (value === undefined) return sealed;
    if (value === null) return null;
    if (!CREDENTIAL.test(value)) throw new InvalidForwarding(`${name}: 8 to 512 printable characters`);
    return box.seal(value, clientId);
  };
  const testCode = (name: string, value: string | null | undefined, was: string | null): string | null => {
    if (value === undefined) return was;
    if (value !== null && !TEST_CODE.test(value)) throw new InvalidForwarding(`${name}: letters, digits, - and _ (at most 64)`);
    return value;
  };
  const next: StoredForwarding = {
    ga4: {
      enabled: change.ga4?.enabled ?? current.ga4.enabled,
      apiSecret: credential('forwarding.ga4.apiSecret', change.ga4?.apiSecret, current.ga4.apiSecret),
      validate: change.ga4?.validate ?? current.ga4.validate,
      region: change.ga4?.region ?? current.ga4.region,
    },
    meta: {
      enabled: change.meta?.enabled ?? current.meta.enabled,
      accessToken: credential('forwarding.meta.accessToken', change.meta?.accessToken, current.meta.accessToken),
      testEventCode: testCode('forwarding.meta.testEventCode', change.meta?.testEventCode, current.meta.testEventCode),
    },
    tiktok: {
      enabled: change.tiktok?.enabled ?? current.tiktok.enabled,
      accessToken: credential('forwarding.tiktok.accessToken', change.tiktok?.accessToken, current.tiktok.accessToken),
      testEventCode: testCode('forwarding.tiktok.testEventCode', change.tiktok?.testEventCode, current.tiktok.testEventCode),
    },
    outsideConsentRegions: change.outsideConsentRegions ?? current.outsideConsentRegions,
    limitedDataUse: change.limitedDataUse ?? current.limitedDataUse,
  };
  const settings = JSON.stringify(next);
  await db
    .insertInto('client_forwarding')
    .values({ client_id: clientId, settings, updated_at: now })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ settings, updated_at: now }))
    .execute();
  return viewOf(next);
}

/** The clear credentials of the platforms a client forwards to (null: off, or not set). */
export function credentialsOf(s: StoredForwarding, box: SecretBox, clientId: string): Credentials {
  const active = new Set(activePlatforms(s));
  return {
    ga4: active.has('ga4') ? { apiSecret: box.open(s.ga4.apiSecret as string, clientId), validate: s.ga4.validate, region: s.ga4.region } : null,
    meta: active.has('meta') ? { accessToken: box.open(s.meta.accessToken as string, clientId), testEventCode: s.meta.testEventCode } : null,
    tiktok: active.has('tiktok') ? { accessToken: box.open(s.tiktok.accessToken as string, clientId), testEventCode: s.tiktok.testEventCode } : null,
    outsideConsentRegions: s.outsideConsentRegions,
    limitedDataUse: s.limitedDataUse,
  };
}

// JSON schemas of the API: they validate requests, shape responses, and are the OpenAPI document.
import { FONTS } from '../tenants/client.js';
import { MAX_TAG_ALLOW_LIST, TAG_FORMATS, TAG_POLICIES } from '../tenants/tags.js';
import { MIGRATION_STATE } from './migration-schemas.js';

const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;

export const ERROR = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
} as const;

const TAG_IDS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    gtm: { type: 'string', pattern: TAG_FORMATS.gtm.pattern.source },
    ga4: { type: 'string', pattern: TAG_FORMATS.ga4.pattern.source },
    facebook: { type: 'string', pattern: TAG_FORMATS.facebook.pattern.source },
    tiktok: { type: 'string', pattern: TAG_FORMATS.tiktok.pattern.source },
    custom: { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, maxProperties: 20 },
  },
} as const;

const BRANDING = {
  type: 'object',
  additionalProperties: false,
  properties: {
    logo: nullable({ type: 'string', maxLength: 2000 }),
    primaryColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    secondaryColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    font: { type: 'string', enum: Object.keys(FONTS) },
  },
} as const;

const SETTINGS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowCustomDomains: { type: 'boolean' },
    maxSmartlinksPerMonth: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    analyticsRetentionDays: { type: 'integer', minimum: 1, maximum: 760 },
    slackWebhookUrl: nullable({ type: 'string', maxLength: 500, description: "This client's Slack incoming webhook for its alerts" }),
    honorGpc: { type: 'boolean', description: 'Treat Global Privacy Control (Sec-GPC: 1) as an opt-out (default true)' },
    tagPolicy: {
      type: 'string',
      enum: TAG_POLICIES,
      description: "What the pages let tags load: 'strict' (default: only the configured tags' hosts) or 'gtm-open' (scripts the GTM container adds, Google Ads and Floodlight hosts, and tagAllowList). The client may change it.",
    },
    tagAllowList: {
      type: 'array',
      maxItems: MAX_TAG_ALLOW_LIST,
      items: { type: 'string', minLength: 1, maxLength: 261 },
      description: "Under 'gtm-open': extra https hosts (static.vendor.com, *.vendor.com) the pages may load from and send to. The client may change it.",
    },
  },
} as const;

const CLIENT_FIELDS = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  domain: nullable({ type: 'string', minLength: 1, maxLength: 253 }),
  tracking: TAG_IDS,
  branding: BRANDING,
  settings: SETTINGS,
  consentRegions: { type: 'array', maxItems: 60, items: { type: 'string', pattern: '^([A-Z]{2}|EEA)$' } },
  conversionValue: nullable({ type: 'number', minimum: 0, maximum: 1_000_000 }),
  timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone of the reports (days and hours), e.g. Europe/Paris' },
  privacy: {
    type: 'object',
    additionalProperties: false,
    description: "The fan-facing privacy page's contact and extra text",
    properties: { contact: nullable({ type: 'string', maxLength: 200 }), notice: nullable({ type: 'string', maxLength: 2000 }) },
  },
} as const;

const ENABLED = { type: 'boolean', description: 'Forward to this platform (needs its credential and the tag id in `tracking`)' } as const;
const CREDENTIAL = nullable({ type: 'string', minLength: 8, maxLength: 512, description: 'Write-only: stored encrypted, never returned. null removes it.' });
const TEST_EVENT_CODE = nullable({ type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: "The platform's test event code (events then show in its test tool only)" });
const OUTSIDE_CONSENT = { type: 'string', enum: ['forward', 'skip'], description: 'Visitors outside the consent regions: forwarded (default) or not' } as const;
const GA4_REGION = { type: 'string', enum: ['global', 'eu'], description: "GA4's endpoint: Google's global one (default) or its EU one (region1.google-analytics.com), where data is collected in the EU" } as const;
const LIMITED_DATA_USE = { type: 'boolean', description: "Flag Meta's (data_processing_options LDU) and TikTok's (limited_data_use) events of fans in the US states where Limited Data Use applies (default off)" } as const;

/** Server-side forwarding as the API shows it: whether each credential is set, never the credential. */
export const FORWARDING = {
  type: 'object',
  required: ['ga4', 'meta', 'tiktok', 'outsideConsentRegions', 'limitedDataUse'],
  properties: {
    ga4: { type: 'object', required: ['enabled', 'apiSecretSet', 'validate', 'region'], properties: { enabled: { type: 'boolean' }, apiSecretSet: { type: 'boolean' }, validate: { type: 'boolean' }, region: GA4_REGION } },
    meta: { type: 'object', required: ['enabled', 'accessTokenSet', 'testEventCode'], properties: { enabled: { type: 'boolean' }, accessTokenSet: { type: 'boolean' }, testEventCode: nullable({ type: 'string' }) } },
    tiktok: { type: 'object', required: ['enabled', 'accessTokenSet', 'testEventCode'], properties: { enabled: { type: 'boolean' }, accessTokenSet: { type: 'boolean' }, testEventCode: nullable({ type: 'string' }) } },
    outsideConsentRegions: OUTSIDE_CONSENT,
    limitedDataUse: LIMITED_DATA_USE,
  },
} as const;

const FORWARDING_CHANGE = {
  type: 'object',
  additionalProperties: false,
  description: 'Server-side forwarding to GA4 (Measurement Protocol), Meta (Conversions API) and TikTok (Events API). Nested objects are merged.',
  properties: {
    ga4: { type: 'object', additionalProperties: false, properties: { enabled: ENABLED, apiSecret: CREDENTIAL, validate: { type: 'boolean', description: "Send to GA4's validation server (/debug/mp/collect): nothing is recorded, problems are dead-lettered" }, region: GA4_REGION } },
    meta: { type: 'object', additionalProperties: false, properties: { enabled: ENABLED, accessToken: CREDENTIAL, testEventCode: TEST_EVENT_CODE } },
    tiktok: { type: 'object', additionalProperties: false, properties: { enabled: ENABLED, accessToken: CREDENTIAL, testEventCode: TEST_EVENT_CODE } },
    outsideConsentRegions: OUTSIDE_CONSENT,
    limitedDataUse: LIMITED_DATA_USE,
  },
} as const;

export const CLIENT = {
  type: 'object',
  required: ['id', 'name', 'domain', 'tracking', 'branding', 'settings', 'consentRegions', 'conversionValue', 'timeZone', 'privacy', 'createdAt'],
  properties: { id: { type: 'string' }, ...CLIENT_FIELDS, createdAt: { type: 'integer' }, migration: MIGRATION_STATE, forwarding: FORWARDING },
} as const;

export const NEW_CLIENT = { type: 'object', required: ['name'], additionalProperties: false, properties: CLIENT_FIELDS } as const;
export const CLIENT_CHANGE = { type: 'object', additionalProperties: false, minProperties: 1, properties: { ...CLIENT_FIELDS, forwarding: FORWARDING_CHANGE } } as const;

const URL_STRING = { type: 'string', minLength: 1, maxLength: 2000 } as const;

const SERVICE_LINK = {
  type: 'object',
  required: ['service', 'url'],
  additionalProperties: false,
  properties: {
    service: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
    url: URL_STRING,
    label: { type: 'string', minLength: 1, maxLength: 60 },
    countries: { type: 'object', maxProperties: 250, additionalProperties: URL_STRING, description: 'ISO 3166-1 alpha-2 country code → destination URL' },
  },
} as const;

const TAG_OVERRIDE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    disabled: { type: 'boolean' },
    gtm: nullable(TAG_IDS.properties.gtm),
    ga4: nullable(TAG_IDS.properties.ga4),
    facebook: nullable(TAG_IDS.properties.facebook),
    tiktok: nullable(TAG_IDS.properties.tiktok),
  },
} as const;

const SMARTLINK_FIELDS = {
  slug: { type: 'string', minLength: 1, maxLength: 64 },
  artistName: { type: 'string', minLength: 1, maxLength: 200 },
  trackTitle: { type: 'string', minLength: 1, maxLength: 200 },
  artworkUrl: nullable(URL_STRING),
  releaseDate: nullable({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  services: { type: 'array', minItems: 1, maxItems: 30, items: SERVICE_LINK },
  status: { type: 'string', enum: ['draft', 'live', 'archived'] },
  tracking: nullable(TAG_OVERRIDE),
} as const;

export const SMARTLINK = {
  type: 'object',
  required: ['id', 'clientId', 'slug', 'artistName', 'trackTitle', 'artworkUrl', 'releaseDate', 'services', 'status', 'tracking', 'createdAt', 'updatedAt'],
  properties: { id: { type: 'string' }, clientId: { type: 'string' }, ...SMARTLINK_FIELDS, createdAt: { type: 'integer' }, updatedAt: { type: 'integer' } },
} as const;

export const NEW_SMARTLINK = {
  type: 'object',
  required: ['slug', 'artistName', 'trackTitle', 'services'],
  additionalProperties: false,
  properties: { clientId: { type: 'string', description: 'Required with a master key; a client key creates for its own client.' }, ...SMARTLINK_FIELDS },
} as const;

export const SMARTLINK_CHANGE = { type: 'object', additionalProperties: false, minProperties: 1, properties: SMARTLINK_FIELDS } as const;

export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export const PAGE_QUERY = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  // Bounded, as every number the API takes: an unbounded one lets 1e999 (Infinity) or 2^70 through
  // to the database.
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 },
} as const;

/** One page of a list already narrowed to the caller's scope. */
export function paginate<T>(all: readonly T[], { limit, offset }: { limit: number; offset: number }) {
  return { data: all.slice(offset, offset + limit), page: { limit, offset, total: all.length } };
}

export function page<T extends object>(items: T) {
  return {
    type: 'object',
    required: ['data', 'page'],
    properties: {
      data: { type: 'array', items },
      page: { type: 'object', required: ['limit', 'offset', 'total'], properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } } },
    },
  } as const;
}

/** The error responses every authenticated route may give. */
export const ERRORS = { 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR } as const;

export const USER = {
  type: 'object',
  required: ['id', 'email', 'role', 'clientId'],
  properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['master', 'client', 'viewer'] }, clientId: { type: 'string', nullable: true } },
} as const;

export const NEW_USER = {
  type: 'object',
  required: ['email', 'password', 'role'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', maxLength: 254 },
    password: { type: 'string', minLength: 10, maxLength: 200 },
    role: { type: 'string', enum: ['master', 'client', 'viewer'] },
    clientId: { type: 'string', maxLength: 64, description: 'The client of a client or viewer user; a client principal may omit it.' },
  },
} as const;

export const API_KEY = {
  type: 'object',
  required: ['id', 'clientId', 'name', 'prefix', 'readOnly', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    clientId: { type: 'string', nullable: true },
    name: { type: 'string' },
    prefix: { type: 'string' },
    readOnly: { type: 'boolean' },
    createdAt: { type: 'integer' },
    lastUsedAt: { type: 'integer', nullable: true },
    revokedAt: { type: 'integer', nullable: true },
    key: { type: 'string', description: 'The key itself: in the creation response only, never again.' },
  },
} as const;

export const NEW_API_KEY = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    clientId: { type: 'string', maxLength: 64, nullable: true, description: 'null or absent with a master principal: a master key.' },
    readOnly: { type: 'boolean' },
  },
} as const;

export const AUDIT_ENTRY = {
  type: 'object',
  required: ['id', 'ts', 'actor', 'clientId', 'action', 'target', 'before', 'after'],
  properties: {
    id: { type: 'string' },
    ts: { type: 'integer' },
    actor: { type: 'string' },
    clientId: { type: 'string', nullable: true },
    action: { type: 'string' },
    target: { type: 'string', nullable: true },
    before: { nullable: true },
    after: { nullable: true },
  },
} as const;

export const SESSION = {
  type: 'object',
  required: ['user', 'csrfToken'],
  properties: { user: USER, csrfToken: { type: 'string', description: 'Send it as X-CSRF-Token on every write made with the session cookie.' } },
} as const;

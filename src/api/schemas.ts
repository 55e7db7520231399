// JSON schemas of the API: they validate requests, shape responses, and are the OpenAPI document.
// A schema with an `$id` is a named component (registered in src/api/components.ts, referenced
// with ref()); the rest are inline parts of them or of one route.
import { FONTS } from '../tenants/client.js';
import { MAX_TAG_ALLOW_LIST, TAG_FORMATS, TAG_POLICIES } from '../tenants/tags.js';
import { MAX_ROUTING_RULES, MAX_RULE_COUNTRIES } from '../links/routing.js';
import { APP_SCHEMES } from '../links/app-uri.js';
import { COUNTRY_INPUT_SCHEMA } from '../links/country.js';
import { MAX_SERVICES } from '../links/smartlink.js';
import { MIGRATION_STATE } from './migration-schemas.js';
import { MEMBERSHIP } from './account-schemas.js';
import { ref, type Named } from './responses.js';

/** "spotify (spotify:), apple-music (music:, itms:, itmss:), …" */
const APP_SCHEMES_TEXT = Object.entries(APP_SCHEMES)
  .map(([service, schemes]) => `${service} (${schemes.map((s) => `${s}:`).join(', ')})`)
  .join(', ');

const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;

export const TAG_IDS = {
  $id: 'TagIds',
  type: 'object',
  description: "The client's tags: loaded by its pages (with the fan's consent where it is needed) and used by server-side forwarding",
  additionalProperties: false,
  properties: {
    gtm: { type: 'string', pattern: TAG_FORMATS.gtm.pattern.source },
    ga4: { type: 'string', pattern: TAG_FORMATS.ga4.pattern.source },
    facebook: { type: 'string', pattern: TAG_FORMATS.facebook.pattern.source },
    tiktok: { type: 'string', pattern: TAG_FORMATS.tiktok.pattern.source },
    custom: { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, maxProperties: 20 },
  },
} as const;

export const BRANDING = {
  $id: 'Branding',
  type: 'object',
  description: "How the client's pages look",
  additionalProperties: false,
  properties: {
    logo: nullable({ type: 'string', maxLength: 2000 }),
    primaryColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    secondaryColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    font: { type: 'string', enum: Object.keys(FONTS) },
  },
} as const;

export const SETTINGS = {
  $id: 'ClientSettings',
  type: 'object',
  description: "The client's limits and options; most are the agency's (master) to set",
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
    skipToPreferredService: {
      type: 'boolean',
      description:
        "A fan who asked a smartlink page to remember their service (a first-party cookie, opt-in) goes straight to it on the client's other smartlinks, when it is on the page for them; the view and the click are still counted. Default false. The client may change it.",
    },
  },
} as const;

const CLIENT_FIELDS = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  domain: nullable({ type: 'string', minLength: 1, maxLength: 253 }),
  tracking: ref(TAG_IDS),
  branding: ref(BRANDING),
  settings: ref(SETTINGS),
  consentRegions: { type: 'array', maxItems: 60, items: { type: 'string', minLength: 1, maxLength: 10, description: 'ISO 3166-1 alpha-2 country code or EEA, any case (stored upper case)' } },
  conversionValue: nullable({ type: 'number', minimum: 0, maximum: 1_000_000 }),
  currency: nullable({ type: 'string', minLength: 3, maxLength: 3, description: 'ISO 4217 code of the revenue (EUR, USD…), any case (stored upper case); null: none named' }),
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
  $id: 'Forwarding',
  type: 'object',
  description: 'Server-side forwarding to GA4, Meta and TikTok: whether each is on and whether its credential is set (never the credential)',
  required: ['ga4', 'meta', 'tiktok', 'outsideConsentRegions', 'limitedDataUse'],
  properties: {
    ga4: { type: 'object', required: ['enabled', 'apiSecretSet', 'validate', 'region'], properties: { enabled: { type: 'boolean' }, apiSecretSet: { type: 'boolean' }, validate: { type: 'boolean' }, region: GA4_REGION } },
    meta: { type: 'object', required: ['enabled', 'accessTokenSet', 'testEventCode'], properties: { enabled: { type: 'boolean' }, accessTokenSet: { type: 'boolean' }, testEventCode: nullable({ type: 'string' }) } },
    tiktok: { type: 'object', required: ['enabled', 'accessTokenSet', 'testEventCode'], properties: { enabled: { type: 'boolean' }, accessTokenSet: { type: 'boolean' }, testEventCode: nullable({ type: 'string' }) } },
    outsideConsentRegions: OUTSIDE_CONSENT,
    limitedDataUse: LIMITED_DATA_USE,
  },
} as const;

export const FORWARDING_CHANGE = {
  $id: 'ForwardingPatch',
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
  $id: 'Client',
  type: 'object',
  description: "A label or artist the agency tracks for: its tags, branding, limits, consent policy and reporting time zone",
  required: ['id', 'name', 'domain', 'tracking', 'branding', 'settings', 'consentRegions', 'conversionValue', 'currency', 'timeZone', 'privacy', 'createdAt', 'archivedAt'],
  properties: {
    id: { type: 'string' },
    ...CLIENT_FIELDS,
    createdAt: { type: 'integer', description: 'Milliseconds since 1970' },
    archivedAt: nullable({ type: 'integer', readOnly: true, description: "When the agency archived it (milliseconds since 1970): its pages answer 410, its data is kept; null while active" }),
    migration: ref(MIGRATION_STATE),
    forwarding: ref(FORWARDING),
  },
  examples: [
    {
      id: '3f6c2a9e-8d41-4b7a-9c55-1e2f3a4b5c6d',
      name: 'Nightshade Records',
      domain: 'links.nightshade.example',
      tracking: { gtm: 'GTM-ABC1234', ga4: 'G-ABCDE12345' },
      branding: { logo: null, primaryColor: '#1db954', secondaryColor: '#111111', font: 'system' },
      settings: { allowCustomDomains: true, maxSmartlinksPerMonth: 500, analyticsRetentionDays: 395, honorGpc: true, tagPolicy: 'strict', tagAllowList: [] },
      consentRegions: ['EEA', 'GB'],
      conversionValue: 0.05,
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      privacy: { contact: 'privacy@nightshade.example', notice: null },
      createdAt: 1767225600000,
      archivedAt: null,
    },
  ],
} as const;

export const NEW_CLIENT = {
  $id: 'ClientInput',
  type: 'object',
  description: 'A new client: a name, and whatever else is not the default',
  required: ['name'],
  additionalProperties: false,
  properties: CLIENT_FIELDS,
} as const;
export const CLIENT_CHANGE = {
  $id: 'ClientPatch',
  type: 'object',
  description: 'The fields to change (nested objects are merged); a client key may change its tags, branding, consent regions, time zone, privacy text, tag policy and forwarding',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...CLIENT_FIELDS, forwarding: ref(FORWARDING_CHANGE) },
} as const;

const URL_STRING = { type: 'string', minLength: 1, maxLength: 2000 } as const;

export const SERVICE_LINK = {
  $id: 'ServiceLink',
  type: 'object',
  description: 'A button of the page: a streaming or store service and where it leads, per country if need be',
  required: ['service', 'url'],
  additionalProperties: false,
  properties: {
    service: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
    url: URL_STRING,
    label: { type: 'string', minLength: 1, maxLength: 60 },
    countries: { type: 'object', maxProperties: 250, additionalProperties: URL_STRING, description: 'ISO 3166-1 alpha-2 country code (any case, stored upper case) → destination URL' },
    hiddenIn: { type: 'array', maxItems: 250, items: COUNTRY_INPUT_SCHEMA, description: 'ISO 3166-1 alpha-2 codes where the release is not on this service: the page hides it there' },
    appUris: {
      type: 'object',
      additionalProperties: false,
      description:
        `The service app's own URI for the release (from the catalogue resolver), tried from iOS in-app browsers; only a scheme of that service's app: ${APP_SCHEMES_TEXT}; no other service has one. Android opens apps by package and needs none`,
      properties: { ios: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
  },
} as const;

const ROUTING = {
  type: 'object',
  description: 'Which services the page shows first, per system and/or country: the first rule that matches the fan wins; the other services keep their order',
  required: ['rules'],
  additionalProperties: false,
  properties: {
    rules: {
      type: 'array',
      maxItems: MAX_ROUTING_RULES,
      items: {
        type: 'object',
        required: ['first'],
        additionalProperties: false,
        properties: {
          os: { type: 'string', enum: ['ios', 'android'], description: 'Only for fans on this system (absent: any)' },
          countries: { type: 'array', minItems: 1, maxItems: MAX_RULE_COUNTRIES, items: COUNTRY_INPUT_SCHEMA, description: 'Only for fans in these countries, ISO 3166-1 alpha-2 (absent: anywhere)' },
          first: { type: 'array', minItems: 1, maxItems: MAX_SERVICES, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }, description: 'The services to put first, in this order' },
        },
      },
    },
  },
} as const;

const CATALOGUE_IDENTITY = {
  type: 'object',
  description: 'The release in the catalogues (POST /catalogue/resolve gives it): what POST /smartlinks/{id}/rescan resolves again; null when filled by hand',
  additionalProperties: false,
  properties: {
    upc: { type: 'string', pattern: '^\\d{12,14}$', description: 'UPC/EAN of the album' },
    isrc: { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{3}\\d{7}$', description: 'ISRC of the track' },
    sourceUrl: { ...URL_STRING, description: 'The link it was resolved from' },
    resolvedAt: { type: 'integer', minimum: 0, description: 'When it was last resolved (milliseconds since 1970)' },
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
  services: { type: 'array', minItems: 1, maxItems: MAX_SERVICES, items: ref(SERVICE_LINK) },
  status: { type: 'string', enum: ['draft', 'live', 'archived'] },
  tracking: nullable(TAG_OVERRIDE),
  routing: nullable(ROUTING),
  catalogue: nullable(CATALOGUE_IDENTITY),
} as const;

export const SMARTLINK = {
  $id: 'Smartlink',
  type: 'object',
  description: "A release's page (/{slug}) with a button per service; `tracking` overrides the client's tags for it",
  required: ['id', 'clientId', 'slug', 'artistName', 'trackTitle', 'artworkUrl', 'releaseDate', 'services', 'status', 'tracking', 'routing', 'artwork', 'catalogue', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    clientId: { type: 'string' },
    ...SMARTLINK_FIELDS,
    artwork: nullable({
      type: 'object',
      readOnly: true,
      description: "Duotrack's copy of the artwork (files under /art/{id}/, e.g. 320.webp, og.jpg), made in the background after a save; null until then (the page shows artworkUrl)",
      required: ['id', 'color'],
      properties: { id: { type: 'string' }, color: { type: 'string', pattern: '^#[0-9a-f]{6}$', description: 'Its dominant colour' } },
    }),
    createdAt: { type: 'integer', description: 'Milliseconds since 1970' },
    updatedAt: { type: 'integer', description: 'Milliseconds since 1970' },
  },
  examples: [
    {
      id: '9b1d7e24-5c3a-4f86-a0d2-7e6f5a4b3c2d',
      clientId: '3f6c2a9e-8d41-4b7a-9c55-1e2f3a4b5c6d',
      slug: 'midnight-drive',
      artistName: 'The Lanterns',
      trackTitle: 'Midnight Drive',
      artworkUrl: 'https://cdn.nightshade.example/midnight-drive.jpg',
      releaseDate: '2026-03-06',
      services: [
        { service: 'spotify', url: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC' },
        { service: 'apple-music', url: 'https://music.apple.com/us/album/1440857781', countries: { JP: 'https://music.apple.com/jp/album/1440857781' } },
      ],
      status: 'live',
      tracking: null,
      routing: { rules: [{ os: 'ios', first: ['apple-music'] }] },
      artwork: { id: '5f0c4e2a9b7d1c3e8a6f2b4d0e9c7a15', color: '#2a1b3d' },
      catalogue: { upc: '0602445868162', sourceUrl: 'https://open.spotify.com/album/2Z8WuEywRWYTKe1NybPQEW', resolvedAt: 1767225600000 },
      createdAt: 1767225600000,
      updatedAt: 1767312000000,
    },
  ],
} as const;

export const NEW_SMARTLINK = {
  $id: 'SmartlinkInput',
  type: 'object',
  description: 'A new smartlink',
  required: ['slug', 'artistName', 'trackTitle', 'services'],
  additionalProperties: false,
  properties: { clientId: { type: 'string', description: 'Required with a master key; a client key creates for its own client.' }, ...SMARTLINK_FIELDS },
} as const;

export const SMARTLINK_CHANGE = {
  $id: 'SmartlinkPatch',
  type: 'object',
  description: 'The fields to change: each one given replaces the current one',
  additionalProperties: false,
  minProperties: 1,
  properties: SMARTLINK_FIELDS,
} as const;

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

export const PAGE_INFO = {
  $id: 'PageInfo',
  type: 'object',
  description: 'Which part of the list this is: `total` items in all',
  required: ['limit', 'offset', 'total'],
  properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } },
} as const;

/** The named schema of one page of a list of `items` (ClientPage…). */
export function page<const Id extends string>($id: Id, items: Named) {
  return {
    $id,
    type: 'object',
    description: `One page of ${items.$id} items, and where it is in the list`,
    required: ['data', 'page'],
    properties: { data: { type: 'array', items: ref(items) }, page: ref(PAGE_INFO) },
  } as const;
}

export const CLIENT_PAGE = page('ClientPage', CLIENT);
export const SMARTLINK_PAGE = page('SmartlinkPage', SMARTLINK);

export const USER = {
  $id: 'User',
  type: 'object',
  description: 'A person who signs in: master (the agency), or a member of clients, with a role on each (client: reads and writes; viewer: reads)',
  required: ['id', 'email', 'role', 'clientId', 'memberships'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: ['master', 'client', 'viewer'], description: 'master, or the role on `clientId`' },
    clientId: { type: 'string', nullable: true, description: 'null for master; else the first of `memberships` (for the session: the client it acts for, X-Duotrack-Client)' },
    memberships: { type: 'array', items: ref(MEMBERSHIP), description: 'The clients the user works for, first client first (only those the caller sees)' },
  },
} as const;

export const USER_PAGE = page('UserPage', USER);

export const NEW_USER = {
  $id: 'UserInput',
  type: 'object',
  description: 'A new user and their first password',
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
  $id: 'ApiKey',
  type: 'object',
  description: 'An API key, known by its prefix: master or of one client, optionally read-only',
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

export const API_KEY_PAGE = page('ApiKeyPage', API_KEY);

export const NEW_API_KEY = {
  $id: 'ApiKeyInput',
  type: 'object',
  description: 'A new API key',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    clientId: { type: 'string', maxLength: 64, nullable: true, description: 'null or absent with a master principal: a master key.' },
    readOnly: { type: 'boolean' },
  },
} as const;

export const AUDIT_ENTRY = {
  $id: 'AuditEntry',
  type: 'object',
  description: 'A write: who made it, what it changed, before and after',
  required: ['id', 'ts', 'actor', 'clientId', 'action', 'target', 'before', 'after'],
  properties: {
    id: { type: 'string' },
    ts: { type: 'integer' },
    actor: { type: 'string' },
    clientId: { type: 'string', nullable: true },
    action: { type: 'string' },
    target: { type: 'string', nullable: true },
    // Any JSON value (null when there is none): the changed record as it was, and as it became.
    before: { description: 'The record before the change (any JSON), or null' },
    after: { description: 'The record after the change (any JSON), or null' },
  },
} as const;

export const AUDIT_PAGE = page('AuditEntryPage', AUDIT_ENTRY);

export const SESSION = {
  $id: 'Session',
  type: 'object',
  description: 'The signed-in user and the CSRF token of the session',
  required: ['user', 'csrfToken'],
  properties: { user: ref(USER), csrfToken: { type: 'string', description: 'Send it as X-CSRF-Token on every write made with the session cookie.' } },
} as const;

export const CREDENTIALS = {
  $id: 'Credentials',
  type: 'object',
  description: 'An email and its password',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 200 } },
} as const;

export const PASSWORD_CHANGE = {
  $id: 'PasswordChange',
  type: 'object',
  description: 'The current password and the new one (10 characters or more)',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: { currentPassword: { type: 'string', maxLength: 200 }, newPassword: { type: 'string', minLength: 10, maxLength: 200 } },
} as const;

// JSON schemas of the migration API (SPEC §11); the client JSON shows `migration` too.
import { ref } from './responses.js';

const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;
const MODE = { type: 'string', enum: ['legacy', 'dual', 'duotrack'] } as const;

const STATE = {
  type: 'object',
  description: 'Where the client is in its migration from a legacy system: its tracking mode, the mode a rollback returns to, its mirror (the secret is never shown)',
  required: ['mode', 'previousMode', 'switchedAt', 'mirror', 'mirroring'],
  properties: {
    clientId: { type: 'string' },
    mode: MODE,
    previousMode: nullable(MODE),
    switchedAt: nullable({ type: 'integer' }),
    mirror: nullable({
      type: 'object',
      required: ['url', 'enabled', 'secretSet'],
      properties: { url: { type: 'string' }, enabled: { type: 'boolean' }, secretSet: { type: 'boolean' } },
    }),
    mirroring: { type: 'boolean', description: 'Events are mirrored now: a mirror on, in legacy or dual mode' },
  },
} as const;

export const MIGRATION_STATE = { $id: 'MigrationState', ...STATE } as const;

/** Every client's state, with its name (GET /migration/clients). */
export const MIGRATION_STATES = {
  $id: 'MigrationStateList',
  type: 'object',
  description: "Every client's tracking mode and mirror",
  properties: {
    data: { type: 'array', items: { ...STATE, description: "A client's migration state, with its name", properties: { ...STATE.properties, name: { type: 'string' } } } },
  },
} as const;

export const MODE_CHANGE = {
  $id: 'TrackingModeChange',
  type: 'object',
  description: 'The tracking mode to switch to',
  required: ['mode'],
  additionalProperties: false,
  properties: { mode: MODE },
} as const;

export const MIRROR_CHANGE = {
  $id: 'MirrorChange',
  type: 'object',
  description: "The client's legacy webhook",
  required: ['url'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2000, description: "The legacy system's webhook (http or https)" },
    secret: { type: 'string', minLength: 16, maxLength: 200, description: 'Signing secret (required the first time; never shown again)' },
    enabled: { type: 'boolean', default: true },
  },
} as const;

const SIDE = { type: 'object', description: 'Views, clicks and unique visitors (null where the legacy system has none)', properties: { views: { type: 'integer' }, clicks: { type: 'integer' }, uniques: nullable({ type: 'integer' }) } } as const;
export const RECONCILED_PERIOD = {
  $id: 'ReconciledPeriod',
  type: 'object',
  description: 'One day or hour (or the total) of a client: both counts, their difference, the verdict and what explains a gap',
  properties: {
    period: { type: 'string' },
    start: { type: 'string' },
    duotrack: SIDE,
    legacy: nullable(SIDE),
    difference: nullable(SIDE),
    percent: nullable({ type: 'object', properties: { views: nullable({ type: 'number' }), clicks: nullable({ type: 'number' }) } }),
    verdict: { type: 'string', enum: ['within', 'outside', 'no_legacy_data'] },
    explanation: {
      type: 'object',
      properties: {
        botViews: { type: 'integer' },
        prefetchViews: { type: 'integer' },
        consentRefusedViews: { type: 'integer' },
        unconfirmedViews: { type: 'integer' },
        clientTrackingRate: { type: 'number' },
        optOutViews: { type: 'integer' },
        notes: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

export const RECONCILIATION = {
  $id: 'Reconciliation',
  type: 'object',
  description: 'Duotrack versus the legacy counts, per client',
  properties: {
    granularity: { type: 'string' },
    tolerance: { type: 'number' },
    clients: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          clientId: { type: 'string' },
          name: { type: 'string' },
          mode: MODE,
          previousMode: nullable(MODE),
          timeZone: { type: 'string' },
          window: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
          smartlinks: { type: 'integer' },
          readyToSwitch: { type: 'boolean' },
          periods: { type: 'array', items: ref(RECONCILED_PERIOD) },
          total: ref(RECONCILED_PERIOD),
        },
      },
    },
  },
} as const;

export const RECONCILE_QUERY = {
  type: 'object',
  properties: {
    clientId: { type: 'string', maxLength: 64 },
    from: { type: 'string', maxLength: 10, description: 'First local day, YYYY-MM-DD' },
    to: { type: 'string', maxLength: 10, description: 'Last local day, YYYY-MM-DD' },
    hours: { type: 'integer', minimum: 1, maximum: 744, default: 48, description: 'Without from/to: the last N whole hours (days: the last N/24 whole days)' },
    granularity: { type: 'string', enum: ['day', 'hour'], default: 'day' },
    tolerance: { type: 'number', minimum: 0, maximum: 100, default: 2, description: 'Percent' },
  },
} as const;

export const IMPORT_RESULT = {
  $id: 'ImportResult',
  type: 'object',
  description: 'What the import stored: rows, rows that replaced earlier ones, the clients they belong to',
  properties: { rows: { type: 'integer' }, replaced: { type: 'integer' }, clients: { type: 'array', items: { type: 'string' } } },
} as const;

const COUNT_TEXT = 'a whole number (or its digits as text)';

export const LEGACY_ROW = {
  $id: 'LegacyCountRow',
  type: 'object',
  description: "One smartlink's legacy counts for a local day or hour (the client's time zone): `day` or `hour`, not both",
  required: ['smartlink', 'views', 'clicks'],
  properties: {
    client: { type: 'string', description: "The client's id (default: the clientId parameter, or the key's client)" },
    smartlink: { type: 'string', description: "The smartlink's slug" },
    day: { type: 'string', description: 'A local day, YYYY-MM-DD' },
    hour: { type: 'string', description: 'A local hour, YYYY-MM-DD HH:00' },
    views: { type: 'integer', minimum: 0, description: `Views: ${COUNT_TEXT}` },
    clicks: { type: 'integer', minimum: 0, description: `Clicks: ${COUNT_TEXT}` },
    uniques: { type: 'integer', minimum: 0, nullable: true, description: `Unique visitors, if known: ${COUNT_TEXT}, at most views` },
  },
} as const;

/** The body of an import, as the document shows it: the route reads it as it arrives (src/api/migration-imports.ts). */
const CSV_IMPORT = { schema: { type: 'string', description: 'CSV with a header row naming the columns (any order, any case): client, smartlink, day or hour, views, clicks, uniques' } } as const;

export const IMPORT_BODY = {
  content: {
    'text/csv': CSV_IMPORT,
    'text/plain': CSV_IMPORT,
    'application/json': {
      schema: {
        description: 'The rows: an array of them, { "rows": [...] }, or { "csv": "…" } (CSV text as above)',
        oneOf: [
          { type: 'array', items: ref(LEGACY_ROW) },
          { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: ref(LEGACY_ROW) } } },
          { type: 'object', required: ['csv'], properties: { csv: { type: 'string' } } },
        ],
      },
    },
  },
} as const;

export const IMPORT_QUERY = {
  type: 'object',
  properties: { clientId: { type: 'string', maxLength: 64, description: 'The client of rows that name none' } },
} as const;

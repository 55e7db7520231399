// JSON schemas of the migration API (SPEC §11); the client JSON shows `migration` too.
const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;
const MODE = { type: 'string', enum: ['legacy', 'dual', 'duotrack'] } as const;

export const MIGRATION_STATE = {
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

export const MODE_CHANGE = { type: 'object', required: ['mode'], additionalProperties: false, properties: { mode: MODE } } as const;

export const MIRROR_CHANGE = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2000, description: "The legacy system's webhook (http or https)" },
    secret: { type: 'string', minLength: 16, maxLength: 200, description: 'Signing secret (required the first time; never shown again)' },
    enabled: { type: 'boolean', default: true },
  },
} as const;

const SIDE = { type: 'object', properties: { views: { type: 'integer' }, clicks: { type: 'integer' }, uniques: nullable({ type: 'integer' }) } } as const;
const PERIOD = {
  type: 'object',
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
  type: 'object',
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
          periods: { type: 'array', items: PERIOD },
          total: PERIOD,
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
  type: 'object',
  properties: { rows: { type: 'integer' }, replaced: { type: 'integer' }, clients: { type: 'array', items: { type: 'string' } } },
} as const;

export const IMPORT_QUERY = {
  type: 'object',
  properties: { clientId: { type: 'string', maxLength: 64, description: 'The client of rows that name none' } },
} as const;

// JSON schemas of /api/v1/analytics: the query every report takes, and each response (they
// document the API and let Fastify serialise fast). Each report is a named component.
import { ref } from './responses.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
const INT = { type: 'integer' } as const;
const NUMBER = { type: 'number' } as const;
const TEXT = { type: 'string' } as const;
const NULLABLE_TEXT = { type: 'string', nullable: true } as const;
const NULLABLE_NUMBER = { type: 'number', nullable: true } as const;

export interface AnalyticsQuery {
  readonly clientId?: string;
  readonly smartlinkId?: string;
  readonly from?: string;
  readonly to?: string;
}

export const ANALYTICS_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    clientId: { ...ID, description: "A client's id. Master without it: every client aggregated (UTC days). Others: their own client." },
    smartlinkId: { ...ID, description: 'Only this smartlink (drill-down)' },
    from: { ...DATE, description: "First day, in the client's time zone (default: 29 days before `to`)" },
    to: { ...DATE, description: "Last day, inclusive (default: today in the client's time zone)" },
  },
} as const;

const object = (properties: Record<string, unknown>) => ({ type: 'object', required: Object.keys(properties), properties }) as const;

/** A report's schema, named and described. */
const report = <const Id extends string, P extends Record<string, unknown>>($id: Id, description: string, properties: P) => ({ $id, description, ...object(properties) }) as const;

export const RANGE = {
  $id: 'ReportRange',
  description: "The report's days: from and to (local dates, inclusive) in timeZone, and the instants they start and end at (ISO 8601)",
  ...object({ from: DATE, to: DATE, timeZone: TEXT, start: TEXT, end: TEXT }),
} as const;
const RANGE_REF = ref(RANGE);
const COUNTS = { views: INT, uniqueVisitors: INT, clicks: INT } as const;
const SMARTLINK_ROW = { smartlinkId: TEXT, slug: NULLABLE_TEXT, artistName: NULLABLE_TEXT, trackTitle: NULLABLE_TEXT } as const;
const list = (items: object) => ({ type: 'array', items }) as const;
const RATES = {
  serverTrackingRate: { type: 'number', description: 'Percent: views the browser confirmed that the server also stored, of all browser confirmations' },
  clientTrackingRate: { type: 'number', description: 'Percent: human server views the browser confirmed' },
  dataQuality: { type: 'string', enum: ['excellent', 'good', 'warning'] },
} as const;

/** The figures compared with the period before, and their change in percent (null: the previous is 0). */
const HEADLINE = { ...COUNTS, clickThroughRate: { type: 'number', description: 'clicks / views (0 to 1)' }, revenue: NUMBER } as const;
const CHANGE = {
  description: 'Each figure’s change from the previous period, in percent (one decimal, signed); null when the previous figure is 0',
  ...object({ views: NULLABLE_NUMBER, uniqueVisitors: NULLABLE_NUMBER, clicks: NULLABLE_NUMBER, clickThroughRate: NULLABLE_NUMBER, revenue: NULLABLE_NUMBER }),
} as const;
const PREVIOUS = { description: 'The same figures over the same number of days just before the range', ...object(HEADLINE) } as const;

export const ANALYTICS = {
  overview: report('OverviewReport', 'Views, unique visitors, clicks, click-through rate and revenue over the range and the period before, the top countries and smartlinks, and the traffic excluded (bots, prefetches…) by reason', {
    range: RANGE_REF,
    ...HEADLINE,
    previous: { ...PREVIOUS, ...object({ range: RANGE_REF, ...HEADLINE }) },
    change: CHANGE,
    topCountries: list(object({ value: TEXT, ...COUNTS })),
    topSmartlinks: list(object({ ...SMARTLINK_ROW, ...COUNTS })),
    excluded: object({ views: INT, clicks: INT, byReason: list(object({ value: TEXT, views: INT, clicks: INT })) }),
  }),
  timeseries: report('TimeseriesReport', 'Views, unique visitors, clicks and revenue per local hour or day', {
    range: RANGE_REF,
    interval: { type: 'string', enum: ['hour', 'day'] },
    points: list(object({ start: TEXT, label: TEXT, ...COUNTS, revenue: NUMBER })),
  }),
  breakdown: report('BreakdownReport', 'Counts per value of a dimension (country, service, device…)', {
    range: RANGE_REF,
    dimension: TEXT,
    rows: list(object({ value: TEXT, label: TEXT, ...COUNTS, clickThroughRate: NUMBER, revenue: NUMBER })),
  }),
  realtime: report('RealtimeReport', 'The last few minutes: active visitors, views, clicks, top smartlinks', {
    windowMinutes: INT,
    asOf: TEXT,
    activeVisitors: { type: 'integer', description: 'Distinct visitors with a human view or click in the window' },
    currentViews: INT,
    clicks: INT,
    topSmartlinks: list(object({ ...SMARTLINK_ROW, views: INT })),
  }),
  performance: report('PerformanceReport', 'How well the two engines agree (server and client tracking rates), forwarding deliveries, and hosts blocked by the pages’ policy', {
    range: RANGE_REF,
    ...RATES,
    details: object({ humanViews: INT, confirmedViews: INT, browserViews: INT, browserViewsStored: INT }),
    /** Server-side forwarding: deliveries created in the range, by destination and state. */
    forwarding: object({
      ga4: object({ sent: INT, pending: INT, dead: INT, skipped: INT }),
      meta: object({ sent: INT, pending: INT, dead: INT, skipped: INT }),
      tiktok: object({ sent: INT, pending: INT, dead: INT, skipped: INT }),
    }),
    blockedByPolicy: {
      ...list(object({ host: TEXT, lastHour: INT, last24Hours: INT })),
      description: "Hosts the pages' CSP blocked (violation reports, per client; 'inline' / 'eval' for inline scripts and eval), in the last hour and 24 hours, whatever the range",
    },
  }),
  clients: report('ClientsReport', 'Every client side by side (UTC days), each figure against the period before, with growth week over week and month over month, and the totals', {
    range: RANGE_REF,
    previousRange: RANGE_REF,
    clients: list(
      object({
        clientId: TEXT,
        name: TEXT,
        timeZone: TEXT,
        currency: { ...NULLABLE_TEXT, description: 'ISO 4217 code of the revenue; null: none named' },
        ...HEADLINE,
        previous: PREVIOUS,
        change: CHANGE,
        ...RATES,
        growth: object({ weekOverWeek: { type: 'number', nullable: true }, monthOverMonth: { type: 'number', nullable: true } }),
      }),
    ),
    totals: object({ ...HEADLINE, previous: PREVIOUS, change: CHANGE }),
  }),
} as const;

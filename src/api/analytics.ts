// /api/v1/analytics: the dashboards' numbers, read from the rollups (each request first folds what
// is pending, so a view stored before the request is counted). A client's user or key sees its
// own client; master sees any client, or every client aggregated when it names none.
import type { FastifyInstance } from 'fastify';
import { breakdown } from '../analytics/breakdown.js';
import { clientsSummary } from '../analytics/clients-summary.js';
import { BREAKDOWNS, type Breakdown } from '../analytics/dimensions.js';
import { exportCsv } from '../analytics/export.js';
import { overview } from '../analytics/overview.js';
import { performance } from '../analytics/performance.js';
import { realtime } from '../analytics/realtime.js';
import { InvalidReport, reportDays, type Report } from '../analytics/report.js';
import { timeseries, type Interval } from '../analytics/timeseries.js';
import type { Context } from '../context.js';
import type { TenantScope } from '../tenants/scope.js';
import { selectClients } from './client-scope.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ANALYTICS, ANALYTICS_QUERY, type AnalyticsQuery } from './analytics-schemas.js';
import { file, ok, READ, withErrors } from './responses.js';

/** A report's errors: a bad date or range, and a client or smartlink the caller does not see. */
const REPORT_ERRORS = [...READ, 404] as const;

export function analyticsRoutes({ database, rollups }: Pick<Context, 'database' | 'rollups'>) {
  const db = database.db;

  /** A report the request cannot have (bad dates, too long a range) is a 400. */
  const invalid = (err: unknown): never => {
    if (err instanceof InvalidReport) throw new ApiError(400, 'bad_request', err.message);
    throw err;
  };

  /** Whose data and which days a request asks for, within what the caller may see. */
  async function reportFor(scope: TenantScope, query: AnalyticsQuery, now = Date.now()): Promise<Report> {
    let clientId = query.clientId ?? scope.clientId;
    const smartlinkId = query.smartlinkId ?? null;
    if (smartlinkId !== null) {
      const link = await db.selectFrom('smartlinks').select(['client_id']).where('id', '=', smartlinkId).executeTakeFirst();
      if (!link || !scope.sees(link.client_id) || (clientId !== null && link.client_id !== clientId)) throw notFound(`smartlink ${smartlinkId}`);
      clientId = link.client_id;
    }
    const { clientIds, timeZone, localDays } = await selectClients(db, scope, clientId);
    try {
      return { clientIds, smartlinkId, timeZone, localDays, ...reportDays(timeZone, { from: query.from, to: query.to }, now) };
    } catch (err) {
      return invalid(err);
    }
  }

  /** The report of a request, once the rollups hold everything stored before it. */
  async function freshReport(scope: TenantScope, query: AnalyticsQuery): Promise<Report> {
    const report = await reportFor(scope, query);
    await rollups.fold();
    return report;
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    const tags = ['analytics'];

    app.get<{ Querystring: AnalyticsQuery }>(
      '/analytics/overview',
      {
        schema: {
          operationId: 'getOverview',
          tags,
          summary: 'Views, unique visitors, clicks, click-through rate, revenue, top countries and smartlinks, excluded traffic',
          querystring: ANALYTICS_QUERY,
          response: withErrors({ 200: ok(ANALYTICS.overview, 'The overview of the range') }, REPORT_ERRORS),
        },
      },
      async (request) => overview(db, await freshReport(caller(request).scope, request.query)),
    );

    app.get<{ Querystring: AnalyticsQuery & { interval: Interval } }>(
      '/analytics/timeseries',
      {
        schema: {
          operationId: 'getTimeseries',
          tags,
          summary: 'Views, unique visitors, clicks and revenue per local hour (ranges up to 31 days) or day',
          querystring: { ...ANALYTICS_QUERY, properties: { ...ANALYTICS_QUERY.properties, interval: { type: 'string', enum: ['hour', 'day'], default: 'day' } } },
          response: withErrors({ 200: ok(ANALYTICS.timeseries, 'One point per hour or day of the range') }, REPORT_ERRORS),
        },
      },
      async (request) => timeseries(db, await freshReport(caller(request).scope, request.query), request.query.interval).catch(invalid),
    );

    app.get<{ Params: { dimension: Breakdown }; Querystring: AnalyticsQuery & { limit: number } }>(
      '/analytics/breakdown/:dimension',
      {
        schema: {
          operationId: 'getBreakdown',
          tags,
          summary: 'Counts per value of a dimension',
          params: { type: 'object', required: ['dimension'], properties: { dimension: { type: 'string', enum: [...BREAKDOWNS] } } },
          querystring: { ...ANALYTICS_QUERY, properties: { ...ANALYTICS_QUERY.properties, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } } },
          response: withErrors({ 200: ok(ANALYTICS.breakdown, 'One row per value, most views first') }, REPORT_ERRORS),
        },
      },
      async (request) => breakdown(db, await freshReport(caller(request).scope, request.query), request.params.dimension, request.query.limit),
    );

    app.get<{ Querystring: Pick<AnalyticsQuery, 'clientId' | 'smartlinkId'> }>(
      '/analytics/realtime',
      {
        schema: {
          operationId: 'getRealtime',
          tags,
          summary: 'The last five minutes: active visitors, views, clicks, top smartlinks',
          querystring: { type: 'object', additionalProperties: false, properties: { clientId: ANALYTICS_QUERY.properties.clientId, smartlinkId: ANALYTICS_QUERY.properties.smartlinkId } },
          response: withErrors({ 200: ok(ANALYTICS.realtime, 'The last five minutes') }, REPORT_ERRORS),
        },
      },
      async (request) => realtime(db, await reportFor(caller(request).scope, request.query)),
    );

    app.get<{ Querystring: AnalyticsQuery }>(
      '/analytics/performance',
      {
        schema: {
          operationId: 'getPerformance',
          tags,
          summary: 'Server and client tracking rates and data quality',
          querystring: ANALYTICS_QUERY,
          response: withErrors({ 200: ok(ANALYTICS.performance, 'The tracking rates of the range') }, REPORT_ERRORS),
        },
      },
      async (request) => performance(db, await freshReport(caller(request).scope, request.query)),
    );

    app.get<{ Querystring: AnalyticsQuery & { dimension?: Exclude<Breakdown, 'smartlink'> } }>(
      '/analytics/export.csv',
      {
        schema: {
          operationId: 'exportAnalyticsCsv',
          tags,
          summary: 'CSV: one row per local day and smartlink (and dimension value, if one is given)',
          querystring: { ...ANALYTICS_QUERY, properties: { ...ANALYTICS_QUERY.properties, dimension: { type: 'string', enum: BREAKDOWNS.filter((b) => b !== 'smartlink') } } },
          response: withErrors({ 200: file('The CSV file (Content-Disposition: attachment)', { 'text/csv': 'CSV, with a header row of the column names' }) }, REPORT_ERRORS),
        },
      },
      async (request, reply) => {
        const report = await freshReport(caller(request).scope, request.query);
        const csv = await exportCsv(db, report, request.query.dimension ?? null);
        const name = `duotrack-${report.from}-${report.to}${request.query.dimension ? `-${request.query.dimension}` : ''}.csv`;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
      },
    );

    app.get<{ Querystring: Pick<AnalyticsQuery, 'from' | 'to'> }>(
      '/analytics/clients',
      {
        schema: {
          operationId: 'getClientsSummary',
          tags,
          summary: 'Master: every client side by side (UTC days), with growth week over week and month over month',
          querystring: { type: 'object', additionalProperties: false, properties: { from: ANALYTICS_QUERY.properties.from, to: ANALYTICS_QUERY.properties.to } },
          response: withErrors({ 200: ok(ANALYTICS.clients, 'Every client and the totals') }, [...READ, 403], { 403: 'The caller is not master' }),
        },
      },
      async (request) => {
        const { scope } = caller(request);
        if (scope.clientId !== null) throw forbidden('only master sees every client');
        return clientsSummary(db, await freshReport(scope, request.query));
      },
    );
  };
}

// /api/v1/privacy: staff erase a fan's records (by event id, session or visitor — the reference a
// fan reads on the privacy page), audited; and a client's raw events exported whole, as CSV or
// NDJSON, streamed.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { InvalidReport, reportDays } from '../analytics/report.js';
import { localTime } from '../analytics/time-zone.js';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import type { Context } from '../context.js';
import { exportEvents, type ExportFormat } from '../privacy/data-export.js';
import { describeTarget, erase, type ErasureTarget } from '../privacy/erasure.js';
import { selectClients } from './client-scope.js';
import { ApiError } from './errors.js';
import { caller } from './plugin.js';
import { ERRORS } from './schemas.js';

const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

type ErasureBody = { clientId?: string } & Partial<{ eventId: string; sessionId: string; visitorId: string }>;

export function privacyApiRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: ErasureBody }>(
      '/privacy/erasures',
      {
        schema: {
          tags: ['privacy'],
          summary: "Erase a fan's records: one event, a session, or a visitor (the privacy page's reference); rollups follow",
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { clientId: { ...ID, description: 'Master: limit to this client (default: every client)' }, eventId: ID, sessionId: ID, visitorId: ID },
            oneOf: [{ required: ['eventId'] }, { required: ['sessionId'] }, { required: ['visitorId'] }],
          },
          response: {
            200: { type: 'object', required: ['target', 'events', 'confirmations'], properties: { target: { type: 'string' }, events: { type: 'integer' }, confirmations: { type: 'integer' } } },
            ...ERRORS,
          },
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const { clientId, ...rest } = request.body;
        const target = rest as ErasureTarget;
        // Master naming no client erases in every client (event ids are unique across them anyway).
        const within = clientId === undefined && scope.clientId === null ? null : ((await selectClients(db, scope, clientId)).clientIds[0] as string);
        return db.transaction().execute(async (trx) => {
          const result = await erase(database, within, target, trx);
          await recordAudit(trx, { actor: actorOf(principal), clientId: within, action: 'privacy.erase', target: describeTarget(target), after: result });
          return { target: describeTarget(target), ...result };
        });
      },
    );

    app.get<{ Querystring: { clientId?: string; format: ExportFormat; from?: string; to?: string } }>(
      '/privacy/export',
      {
        schema: {
          tags: ['privacy'],
          summary: "A client's raw events, every column, streamed as CSV or NDJSON (default: all of them)",
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { clientId: ID, format: { type: 'string', enum: ['csv', 'ndjson'], default: 'csv' }, from: DATE, to: DATE },
          },
          response: { 200: { type: 'string', description: 'text/csv or application/x-ndjson' }, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { scope } = caller(request);
        const { clientId, format, from, to } = request.query;
        const { clientIds, timeZone } = await selectClients(db, scope, clientId);
        let range = { start: 0, end: Number.MAX_SAFE_INTEGER };
        if (from || to) {
          try {
            range = reportDays(timeZone, { from: from ?? '2000-01-01', to: to ?? localTime(Date.now(), timeZone).date }, Date.now(), { maxDays: null });
          } catch (err) {
            if (err instanceof InvalidReport) throw new ApiError(400, 'bad_request', err.message);
            throw err;
          }
        }
        await recordAudit(db, { actor: actorOf(caller(request).principal), clientId: clientIds.length === 1 ? (clientIds[0] as string) : null, action: 'privacy.export', target: format });
        const name = `duotrack-events-${clientIds.length === 1 ? clientIds[0] : 'all'}.${format === 'csv' ? 'csv' : 'ndjson'}`;
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(Readable.from(exportEvents(db, clientIds, range, format)));
      },
    );
  };
}

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
import { describeTarget, erase } from '../privacy/erasure.js';
import { InvalidErasureTarget, parseErasureTarget } from '../privacy/erasure-target.js';
import { selectClients } from './client-scope.js';
import { ApiError } from './errors.js';
import { caller } from './plugin.js';
import { file, ok, READ, ref, withErrors, WRITE_BODY } from './responses.js';

const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const FAN_ID = { ...ID, description: 'Checked against the shape of the ids Duotrack makes (400 otherwise)' } as const;
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const ERASURE_REQUEST = {
  $id: 'ErasureRequest',
  type: 'object',
  description: 'What to erase: exactly one of an event, a session or a visitor',
  additionalProperties: false,
  properties: {
    clientId: { ...ID, description: 'Master: limit to this client (default: every client)' },
    eventId: { ...FAN_ID, description: 'An event id: a UUID version 7' },
    sessionId: { ...FAN_ID, description: 'A session id: 32 hexadecimal digits' },
    visitorId: { ...FAN_ID, description: 'A visitor id, the reference on the fan privacy page: 32 hexadecimal digits' },
  },
  oneOf: [{ required: ['eventId'] }, { required: ['sessionId'] }, { required: ['visitorId'] }],
} as const;

export const ERASURE_RESULT = {
  $id: 'ErasureResult',
  type: 'object',
  description: 'What was erased: the target, and how many events and browser confirmations (both 0: nothing was stored for a well-formed id)',
  required: ['target', 'events', 'confirmations'],
  properties: { target: { type: 'string' }, events: { type: 'integer' }, confirmations: { type: 'integer' } },
} as const;

type ErasureBody = { clientId?: string } & Partial<{ eventId: string; sessionId: string; visitorId: string }>;

/** The target, or a 400 naming the field at fault. */
function validTarget(ids: Omit<ErasureBody, 'clientId'>) {
  try {
    return parseErasureTarget(ids);
  } catch (err) {
    if (!(err instanceof InvalidErasureTarget)) throw err;
    throw new ApiError(400, 'invalid', err.message, err.field ? [{ instancePath: `/${err.field}`, message: err.message }] : undefined);
  }
}

export function privacyApiRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: ErasureBody }>(
      '/privacy/erasures',
      {
        schema: {
          operationId: 'eraseFanRecords',
          tags: ['privacy'],
          summary: "Erase a fan's records: one event, a session, or a visitor (the privacy page's reference); rollups follow",
          body: ref(ERASURE_REQUEST),
          response: withErrors({ 200: ok(ERASURE_RESULT, 'Erased (zero events when nothing was stored for that id)') }, [...WRITE_BODY, 404], { 400: 'Not exactly one id, or an id not shaped as Duotrack makes them (details names the field)' }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const { clientId, ...ids } = request.body;
        const target = validTarget(ids);
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
          operationId: 'exportEvents',
          tags: ['privacy'],
          summary: "A client's raw events, every column, streamed as CSV or NDJSON (default: all of them)",
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { clientId: ID, format: { type: 'string', enum: ['csv', 'ndjson'], default: 'csv' }, from: DATE, to: DATE },
          },
          response: withErrors(
            { 200: file('The events, streamed (Content-Disposition: attachment): CSV with a header row (format=csv) or one JSON object per line (format=ndjson)', {
              'text/csv': 'CSV, with a header row of the column names',
              'application/x-ndjson': 'Newline-delimited JSON: one event per line',
            }) },
            [...READ, 404],
          ),
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

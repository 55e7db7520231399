// /api/v1/alerts: the history of incidents (tracking rate, traffic spikes, failing tags), newest
// first, and marking them read — the dashboard's notifications. A client sees its own.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import { notFound } from './errors.js';
import { caller } from './plugin.js';
import { noContent, ok, READ, withErrors, WRITE } from './responses.js';
import { ID_PARAMS, page, PAGE_QUERY } from './schemas.js';

export const ALERT = {
  $id: 'Alert',
  type: 'object',
  description: 'An incident of a client (tracking rate, traffic spike, failing tags): open or resolved, read or not',
  required: ['id', 'rule', 'clientId', 'state', 'openedAt', 'resolvedAt', 'message', 'details', 'readAt'],
  properties: {
    id: { type: 'string' },
    rule: { type: 'string', enum: ['tracking_rate', 'traffic_spike', 'tags_failing'] },
    clientId: { type: 'string' },
    state: { type: 'string', enum: ['open', 'resolved'] },
    openedAt: { type: 'integer' },
    resolvedAt: { type: 'integer', nullable: true },
    message: { type: 'string', description: 'What happened, in English, as Slack and e-mail got it' },
    details: {
      type: 'object',
      additionalProperties: true,
      description:
        'The figures the message was written from (the app words it in its own language). tracking_rate: the tracking health of the hour (`details.browserConfirmedViews`, `details.browserConfirmedViewsStoredByServer`) and `alertBelow` (%); traffic_spike: `current`, `previous` (the same hour on each of the 7 days before), `usual` (their median), `level` (`usual`, `none_at_this_hour`, `none_yet`); tags_failing: `confirmations`, `failed`, `failures` (per tag), `blockedHosts` ([{ host, reports }])',
    },
    readAt: { type: 'integer', nullable: true },
  },
} as const;

export const ALERT_PAGE = page('AlertPage', ALERT);

export function alertRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number; state?: 'open' | 'resolved'; unread?: boolean } }>(
      '/alerts',
      {
        schema: {
          operationId: 'listAlerts',
          tags: ['alerts'],
          summary: 'Alerts and dashboard notifications, newest first',
          querystring: { type: 'object', properties: { ...PAGE_QUERY, state: { type: 'string', enum: ['open', 'resolved'] }, unread: { type: 'boolean' } } },
          response: withErrors({ 200: ok(ALERT_PAGE, 'A page of alerts') }, READ),
        },
      },
      async (request) => {
        const { scope } = caller(request);
        const { limit, offset, state, unread } = request.query;
        const base = db
          .selectFrom('alerts')
          .$if(scope.clientId !== null, (qb) => qb.where('scope', '=', scope.clientId as string))
          .$if(state !== undefined, (qb) => qb.where('state', '=', state as 'open' | 'resolved'))
          .$if(unread === true, (qb) => qb.where('read_at', 'is', null));
        const [rows, count] = await Promise.all([
          base.selectAll().orderBy('opened_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
          base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        ]);
        return {
          data: rows.map((r) => ({ id: r.id, rule: r.rule, clientId: r.scope, state: r.state, openedAt: r.opened_at, resolvedAt: r.resolved_at, message: r.message, details: parseDetails(r.details), readAt: r.read_at })),
          page: { limit, offset, total: Number(count.n) },
        };
      },
    );

    app.post<{ Params: { id: string } }>(
      '/alerts/:id/read',
      {
        schema: {
          operationId: 'markAlertRead',
          tags: ['alerts'],
          summary: 'Mark an alert read',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Marked read (or it already was)') }, [...WRITE, 404]),
        },
      },
      async (request, reply) => {
        const { scope } = caller(request);
        const alert = await db.selectFrom('alerts').select(['id', 'scope']).where('id', '=', request.params.id).executeTakeFirst();
        if (!alert || !scope.sees(alert.scope)) throw notFound(`alert ${request.params.id}`);
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('alerts').set({ read_at: Date.now() }).where('id', '=', alert.id).where('read_at', 'is', null).execute();
          await recordAudit(trx, { actor: actorOf(caller(request).principal), clientId: alert.scope, action: 'alert.read', target: alert.id });
        });
        return reply.code(204).send();
      },
    );
  };
}

/** An alert's stored figures (JSON); {} for one stored without. */
function parseDetails(text: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

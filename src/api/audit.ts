// /api/v1/audit: the audit log, newest first, for master users and keys.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { forbidden } from './errors.js';
import { caller } from './plugin.js';
import { ok, READ, withErrors } from './responses.js';
import { AUDIT_PAGE, PAGE_QUERY } from './schemas.js';

export function auditRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number; clientId?: string; action?: string } }>(
      '/audit',
      {
        schema: {
          operationId: 'listAuditEntries',
          tags: ['audit'],
          summary: 'Every write: who, what, before and after, when (master only)',
          querystring: { type: 'object', properties: { ...PAGE_QUERY, clientId: { type: 'string', maxLength: 64 }, action: { type: 'string', maxLength: 64 } } },
          response: withErrors({ 200: ok(AUDIT_PAGE, 'A page of the audit log, newest first') }, [...READ, 403], { 403: 'The caller is not master' }),
        },
      },
      async (request) => {
        if (caller(request).scope.clientId !== null) throw forbidden('the audit log is for master users');
        const { limit, offset, clientId, action } = request.query;
        const base = db
          .selectFrom('audit_log')
          .$if(clientId !== undefined, (qb) => qb.where('client_id', '=', clientId as string))
          .$if(action !== undefined, (qb) => qb.where('action', '=', action as string));
        const [rows, count] = await Promise.all([
          base.selectAll().orderBy('ts', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
          base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        ]);
        return {
          data: rows.map((r) => ({ id: r.id, ts: r.ts, actor: r.actor, clientId: r.client_id, action: r.action, target: r.target, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) })),
          page: { limit, offset, total: Number(count.n) },
        };
      },
    );
  };
}

// /api/v1/audit: the audit log, newest first, for master users and keys; filtered by client, action
// (or a domain of actions), actor and time.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Context } from '../context.js';
import { forbidden } from './errors.js';
import { caller } from './plugin.js';
import { ok, READ, withErrors } from './responses.js';
import { AUDIT_PAGE, PAGE_QUERY } from './schemas.js';

const INSTANT = { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000 } as const;

export function auditRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number; clientId?: string; action?: string; actor?: string; from?: number; to?: number } }>(
      '/audit',
      {
        schema: {
          operationId: 'listAuditEntries',
          tags: ['audit'],
          summary: 'Every write: who, what, before and after, when (master only)',
          querystring: {
            type: 'object',
            properties: {
              ...PAGE_QUERY,
              clientId: { type: 'string', maxLength: 64, description: "Only this client's entries" },
              action: { type: 'string', maxLength: 64, description: 'Only this action (client.update, privacy.erase, …), or every action of a domain ending with a dot (privacy.)' },
              actor: { type: 'string', maxLength: 200, description: 'Only this actor: user:<id>, key:<id>, cli, …' },
              from: { ...INSTANT, description: 'Only entries at or after this instant (milliseconds since 1970)' },
              to: { ...INSTANT, description: 'Only entries before this instant (milliseconds since 1970)' },
            },
          },
          response: withErrors({ 200: ok(AUDIT_PAGE, 'A page of the audit log, newest first') }, [...READ, 403], { 403: 'The caller is not master' }),
        },
      },
      async (request) => {
        if (caller(request).scope.clientId !== null) throw forbidden('the audit log is for master users');
        const { limit, offset, clientId, action, actor, from, to } = request.query;
        const domain = action?.endsWith('.') ? action : undefined;
        const base = db
          .selectFrom('audit_log')
          .$if(clientId !== undefined, (qb) => qb.where('client_id', '=', clientId as string))
          .$if(action !== undefined && domain === undefined, (qb) => qb.where('action', '=', action as string))
          .$if(domain !== undefined, (qb) => qb.where(sql<string>`substr(action, 1, ${sql.lit((domain as string).length)})`, '=', domain as string))
          .$if(actor !== undefined, (qb) => qb.where('actor', '=', actor as string))
          .$if(from !== undefined, (qb) => qb.where('ts', '>=', from as number))
          .$if(to !== undefined, (qb) => qb.where('ts', '<', to as number));
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

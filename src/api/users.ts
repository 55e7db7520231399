// /api/v1/users: master manages every user; a client user or key manages its own client's
// client and viewer users. Passwords are never returned.
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import { createUser, deleteUser, getUser, listUsers, type NewUser } from '../auth/users.js';
import type { Context } from '../context.js';
import { getClient } from '../tenants/client.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ERRORS, ID_PARAMS, NEW_USER, page, PAGE_QUERY, paginate, USER } from './schemas.js';

export function userRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/users',
      { schema: { tags: ['users'], summary: 'List the users visible to the caller', querystring: { type: 'object', properties: PAGE_QUERY }, response: { 200: page(USER), ...ERRORS } } },
      async (request) => paginate(await listUsers(db, caller(request).scope), request.query),
    );

    app.post<{ Body: NewUser }>(
      '/users',
      { schema: { tags: ['users'], summary: 'Create a user', body: NEW_USER, response: { 201: USER, 409: ERRORS[400], ...ERRORS } } },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const body = request.body;
        if (body.role === 'master' && scope.clientId !== null) throw forbidden('only master may create master users');
        const clientId = body.role === 'master' ? null : (body.clientId ?? scope.clientId);
        if (body.role !== 'master') {
          if (!clientId) throw new ApiError(400, 'invalid', `a ${body.role} user needs a clientId`);
          if (!scope.sees(clientId) || !(await getClient(db, clientId))) throw notFound(`client ${clientId}`);
        }
        const user = await db.transaction().execute(async (trx) => {
          const created = await createUser(trx, { ...body, clientId }).catch((err: Error) => {
            throw new ApiError(/already exists/.test(err.message) ? 409 : 400, /already exists/.test(err.message) ? 'conflict' : 'invalid', err.message);
          });
          await recordAudit(trx, { actor: actorOf(principal), clientId, action: 'user.create', target: created.id, after: created });
          return created;
        });
        return reply.code(201).send(user);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/users/:id',
      { schema: { tags: ['users'], summary: 'Delete a user (and end their sessions)', params: ID_PARAMS, response: { 204: { type: 'null' }, ...ERRORS } } },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const user = await getUser(db, scope, request.params.id);
        if (!user) throw notFound(`user ${request.params.id}`);
        if (user.id === principal.id) throw forbidden('you cannot delete yourself');
        await db.transaction().execute(async (trx) => {
          await deleteUser(trx, user.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: user.clientId, action: 'user.delete', target: user.id, before: user });
        });
        return reply.code(204).send();
      },
    );
  };
}

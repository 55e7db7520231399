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
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS, NEW_USER, PAGE_QUERY, paginate, USER, USER_PAGE } from './schemas.js';

export function userRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/users',
      {
        schema: {
          operationId: 'listUsers',
          tags: ['users'],
          summary: 'List the users visible to the caller',
          querystring: { type: 'object', properties: PAGE_QUERY },
          response: withErrors({ 200: ok(USER_PAGE, 'A page of users') }, READ),
        },
      },
      async (request) => paginate(await listUsers(db, caller(request).scope), request.query),
    );

    app.post<{ Body: NewUser }>(
      '/users',
      {
        schema: {
          operationId: 'createUser',
          tags: ['users'],
          summary: 'Create a user',
          body: ref(NEW_USER),
          response: withErrors({ 201: ok(USER, 'The user created') }, [...WRITE_BODY, 404, 409], { 409: 'A user with this email exists' }),
        },
      },
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
      {
        schema: {
          operationId: 'deleteUser',
          tags: ['users'],
          summary: 'Delete a user (and end their sessions)',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Deleted, and signed out everywhere') }, [...WRITE, 404], { 403: 'Read-only, or deleting oneself' }),
        },
      },
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

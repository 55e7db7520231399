// /api/v1/users: master manages every user; a client user or key manages its own client's members
// (their role there, or taking them off it) and sees only that client of theirs. New people come by
// invitation (src/api/invitations.ts); POST /users, with a password, stays for scripts. Passwords
// are never returned.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { removeMembership, setMembership, type MemberRole } from '../auth/memberships.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { createUser, deleteUser, getUser, listUsers, type NewUser, type User } from '../auth/users.js';
import type { Context } from '../context.js';
import type { Schema } from '../db/schema.js';
import { getClient } from '../tenants/client.js';
import type { TenantScope } from '../tenants/scope.js';
import { MEMBERSHIP_INPUT, MEMBERSHIP_PARAMS } from './account-schemas.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS, NEW_USER, PAGE_QUERY, paginate, USER, USER_PAGE } from './schemas.js';

export function userRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;

  /** The client and the user a membership change names, both in the caller's scope; never the caller. */
  async function membershipTarget(scope: TenantScope, principal: Principal, userId: string, clientId: string): Promise<User> {
    if (!scope.sees(clientId) || !(await getClient(db, clientId))) throw notFound(`client ${clientId}`);
    const user = await getUser(db, scope.clientId === null ? null : scope, userId);
    if (!user) throw notFound(`user ${userId}`);
    if (user.id === principal.id) throw forbidden('you cannot change your own memberships');
    if (user.role === 'master') throw new ApiError(400, 'invalid', 'a master user sees every client already');
    return user;
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/users',
      {
        schema: {
          operationId: 'listUsers',
          tags: ['users'],
          summary: 'List the users visible to the caller, with their memberships (a client principal sees only its own client’s)',
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
          summary: 'Create a user with a password (the app invites instead: POST /invitations)',
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

    app.put<{ Params: { id: string; clientId: string }; Body: { role: MemberRole } }>(
      '/users/:id/memberships/:clientId',
      {
        schema: {
          operationId: 'setMembership',
          tags: ['users'],
          summary: "Put an existing user on a client with a role, or change their role there (a client principal: only its own client's members)",
          params: MEMBERSHIP_PARAMS,
          body: ref(MEMBERSHIP_INPUT),
          response: withErrors({ 200: ok(USER, 'The user, with their memberships the caller sees') }, [...WRITE_BODY, 404], { 403: 'Read-only, or one’s own membership' }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const { id, clientId } = request.params;
        const user = await membershipTarget(scope, principal, id, clientId);
        const before = user.memberships.find((m) => m.clientId === clientId) ?? null;
        await db.transaction().execute(async (trx) => {
          await setMembership(trx, user.id, clientId, request.body.role);
          await recordAudit(trx, { actor: actorOf(principal), clientId, action: 'user.membership', target: user.id, before, after: { clientId, role: request.body.role } });
        });
        return getUser(db, scope.clientId === null ? null : scope, user.id);
      },
    );

    app.delete<{ Params: { id: string; clientId: string } }>(
      '/users/:id/memberships/:clientId',
      {
        schema: {
          operationId: 'removeMembership',
          tags: ['users'],
          summary: 'Take a user off a client (a user left on no client is deleted)',
          params: MEMBERSHIP_PARAMS,
          response: withErrors({ 204: noContent('Removed: the user no longer sees the client') }, [...WRITE, 404], { 403: 'Read-only, or one’s own membership' }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const user = await membershipTarget(scope, principal, request.params.id, request.params.clientId);
        if (!user.memberships.some((m) => m.clientId === request.params.clientId)) throw notFound(`membership of user ${user.id} on client ${request.params.clientId}`);
        await db.transaction().execute((trx) => leaveClient(trx, principal, user.id, request.params.clientId));
        return reply.code(204).send();
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/users/:id',
      {
        schema: {
          operationId: 'deleteUser',
          tags: ['users'],
          summary: 'Delete a user and end their sessions; a client principal takes them off its own client only (deleting them when it was their last)',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Deleted, and signed out everywhere') }, [...WRITE, 404], { 403: 'Read-only, or deleting oneself' }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const user = await getUser(db, scope.clientId === null ? null : scope, request.params.id);
        if (!user) throw notFound(`user ${request.params.id}`);
        if (user.id === principal.id) throw forbidden('you cannot delete yourself');
        await db.transaction().execute(async (trx) => {
          if (scope.clientId !== null) return leaveClient(trx, principal, user.id, scope.clientId);
          await deleteUser(trx, user.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: null, action: 'user.delete', target: user.id, before: user });
        });
        return reply.code(204).send();
      },
    );
  };
}

/** Takes the user off the client, audited; deletes them when no client is left. */
async function leaveClient(db: Kysely<Schema>, principal: Principal, userId: string, clientId: string): Promise<void> {
  const before = await getUser(db, null, userId);
  await removeMembership(db, userId, clientId);
  const left = before?.memberships.filter((m) => m.clientId !== clientId) ?? [];
  if (left.length === 0) await deleteUser(db, userId);
  await recordAudit(db, { actor: actorOf(principal), clientId, action: left.length === 0 ? 'user.delete' : 'user.membership.remove', target: userId, before });
}

// /api/v1/invitations: invite an e-mail to a client with a role (master: to any client, or as
// master; a client principal: to its own client), list the open ones, revoke, resend. The link is
// e-mailed through SMTP_URL; without it (or when the mail server refuses) the answer carries the
// link to pass on. Public: what a link offers, and accepting it (a password → signed in).
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { accountMailer, appOrigin, invitationLink, invitationMail } from '../auth/account-mail.js';
import { DEVICE_COOKIE } from '../auth/device-cookie.js';
import {
  acceptInvitation,
  createInvitation,
  getInvitation,
  InvitationConflict,
  invitationByToken,
  listInvitations,
  renewInvitation,
  revokeInvitation,
  type Invitation,
} from '../auth/invitations.js';
import { passwordChecks } from '../auth/login.js';
import { actorOf, type Role } from '../auth/principal.js';
import { getUser, InvalidUser } from '../auth/users.js';
import type { Context } from '../context.js';
import { getClient } from '../tenants/client.js';
import { INVITATION_ACCEPTANCE, INVITATION_PAGE, INVITATION_PREVIEW, INVITATION_SENT, NEW_INVITATION, TOKEN_PARAMS } from './account-schemas.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS, SESSION } from './schemas.js';
import { requireAppHost, startSession } from './session-cookies.js';

/** Requests a minute per address on the public routes (tokens are 256 bits: against floods). */
const PUBLIC_REQUESTS_PER_MINUTE = 20;
const LINK_GONE = 'this invitation link is not valid: it was used, revoked, replaced by a newer one, or it expired';

export function invitationRoutes({ database, config }: Pick<Context, 'database' | 'config'>) {
  const db = database.db;
  const mailer = accountMailer(config);
  const checks = passwordChecks(db, config.secret);

  /** E-mails the link; whether it went (a refusal is logged, and the caller passes the link on). */
  async function send(invitation: Invitation, token: string, request: FastifyRequest, log: FastifyBaseLogger) {
    const link = invitationLink(appOrigin(config, request), token);
    const client = invitation.clientId ? await getClient(db, invitation.clientId) : undefined;
    let emailed = false;
    if (mailer) {
      emailed = await mailer(invitationMail(config.mailFrom, invitation.email, link, client?.name ?? null)).then(
        () => true,
        (err: Error) => (log.warn({ err: { message: err.message } }, 'the invitation could not be e-mailed'), false),
      );
    }
    return { invitation, emailed, link: emailed ? null : link };
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get(
      '/invitations',
      {
        schema: {
          operationId: 'listInvitations',
          tags: ['users'],
          summary: 'List the open invitations the caller sees (pending or expired; accepted and revoked ones are gone)',
          response: withErrors({ 200: ok(INVITATION_PAGE, 'The open invitations, newest first') }, READ),
        },
      },
      async (request) => ({ data: await listInvitations(db, caller(request).scope) }),
    );

    app.post<{ Body: { email: string; role: Role; clientId?: string } }>(
      '/invitations',
      {
        schema: {
          operationId: 'createInvitation',
          tags: ['users'],
          summary: 'Invite an e-mail to a client with a role (or as master): a one-time link, valid 7 days, e-mailed through SMTP_URL',
          body: ref(NEW_INVITATION),
          response: withErrors({ 201: ok(INVITATION_SENT, 'Invited; the link when it was not e-mailed') }, [...WRITE_BODY, 404, 409], {
            409: 'The e-mail is on this client already, is master, or is invited already (resend that invitation)',
          }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const { email, role } = request.body;
        if (role === 'master' && scope.clientId !== null) throw forbidden('only master may invite master users');
        const clientId = role === 'master' ? null : (request.body.clientId ?? scope.clientId);
        if (role !== 'master') {
          if (!clientId) throw new ApiError(400, 'invalid', `a ${role} invitation needs a clientId`, [{ instancePath: '/clientId', message: 'choose a client' }]);
          if (!scope.sees(clientId) || !(await getClient(db, clientId))) throw notFound(`client ${clientId}`);
        }
        const created = await db.transaction().execute(async (trx) => {
          const made = await createInvitation(trx, { email, role, clientId, invitedBy: actorOf(principal) }).catch(domainError);
          await recordAudit(trx, { actor: actorOf(principal), clientId, action: 'invitation.create', target: made.invitation.id, after: made.invitation });
          return made;
        });
        return reply.code(201).send(await send(created.invitation, created.token, request, request.log));
      },
    );

    app.post<{ Params: { id: string } }>(
      '/invitations/:id/resend',
      {
        schema: {
          operationId: 'resendInvitation',
          tags: ['users'],
          summary: 'A new link for an open invitation, valid 7 days from now, e-mailed again (the previous link stops working)',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(INVITATION_SENT, 'Resent; the link when it was not e-mailed') }, [...WRITE, 404]),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const invitation = await getInvitation(db, scope, request.params.id);
        if (!invitation) throw notFound(`invitation ${request.params.id}`);
        const renewed = await db.transaction().execute(async (trx) => {
          const made = await renewInvitation(trx, invitation.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: invitation.clientId, action: 'invitation.resend', target: invitation.id, before: invitation, after: made.invitation });
          return made;
        });
        return send(renewed.invitation, renewed.token, request, request.log);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/invitations/:id',
      {
        schema: {
          operationId: 'revokeInvitation',
          tags: ['users'],
          summary: 'Revoke an open invitation: its link stops working',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Revoked') }, [...WRITE, 404]),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const invitation = await getInvitation(db, scope, request.params.id);
        if (!invitation) throw notFound(`invitation ${request.params.id}`);
        await db.transaction().execute(async (trx) => {
          await revokeInvitation(trx, invitation.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: invitation.clientId, action: 'invitation.revoke', target: invitation.id, before: invitation });
        });
        return reply.code(204).send();
      },
    );

    const publicRoute = { public: true, rateLimit: { max: PUBLIC_REQUESTS_PER_MINUTE, timeWindow: '1 minute' } };

    app.get<{ Params: { token: string } }>(
      '/auth/invitations/:token',
      {
        config: publicRoute,
        schema: {
          operationId: 'getInvitationByToken',
          tags: ['auth'],
          summary: 'What an invitation link offers (no sign-in needed)',
          security: [],
          params: TOKEN_PARAMS,
          response: withErrors({ 200: ok(INVITATION_PREVIEW, 'The invitation') }, [400, 404, 429], { 404: LINK_GONE }),
        },
      },
      async (request) => {
        const found = await invitationByToken(db, request.params.token);
        if (!found) throw new ApiError(404, 'not_found', LINK_GONE);
        const { invitation, clientName, existingAccount } = found;
        return { email: invitation.email, clientName, role: invitation.role, existingAccount, expiresAt: invitation.expiresAt };
      },
    );

    app.post<{ Params: { token: string }; Body: { password: string } }>(
      '/auth/invitations/:token/accept',
      {
        config: publicRoute,
        schema: {
          operationId: 'acceptInvitation',
          tags: ['auth'],
          summary: 'Accept an invitation: a new account with the password chosen, or the client added to the existing account (its current password); signed in',
          security: [],
          params: TOKEN_PARAMS,
          body: ref(INVITATION_ACCEPTANCE),
          response: withErrors({ 200: ok(SESSION, 'Signed in: the session cookie is set') }, [400, 401, 403, 404, 409, 413, 415, 429], {
            401: 'The existing account’s password is wrong',
            403: 'Accept on the dashboard host (APP_HOST), not this one',
            404: LINK_GONE,
          }),
        },
      },
      async (request, reply) => {
        requireAppHost(config, request, 'accept the invitation');
        const found = await invitationByToken(db, request.params.token);
        if (!found) throw new ApiError(404, 'not_found', LINK_GONE);
        const { invitation, existingAccount } = found;
        if (existingAccount) {
          // The account is theirs only with its password: the link proves the e-mail, not that.
          const check = await checks.login(invitation.email, request.body.password, { ip: request.ip, deviceCookie: request.cookies[DEVICE_COOKIE] });
          if (!check.ok) throw new ApiError(check.reason === 'throttled' ? 429 : 401, check.reason === 'throttled' ? 'rate_limited' : 'invalid_credentials', 'the password of your account is wrong');
        }
        const userId = await db.transaction().execute(async (trx) => {
          const id = await acceptInvitation(trx, invitation, request.body.password).catch(domainError);
          if (id === undefined) throw new ApiError(404, 'not_found', LINK_GONE);
          await recordAudit(trx, { actor: `user:${id}`, clientId: invitation.clientId, action: 'invitation.accept', target: invitation.id, after: { userId: id, email: invitation.email, clientId: invitation.clientId, role: invitation.role } });
          return id;
        });
        const csrfToken = await startSession(db, config, request, reply, userId);
        return { user: await getUser(db, null, userId), csrfToken };
      },
    );
  };
}

/** A domain refusal as the API says it: 409 for a conflict, 400 (on the field it names) for invalid input. */
function domainError(err: unknown): never {
  if (err instanceof InvitationConflict) throw new ApiError(409, 'conflict', err.message);
  if (err instanceof InvalidUser) {
    const field = /password/.test(err.message) ? '/password' : /email/.test(err.message) ? '/email' : null;
    throw new ApiError(400, 'invalid', err.message, field ? [{ instancePath: field, message: err.message }] : undefined);
  }
  throw err;
}

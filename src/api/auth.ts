// /api/v1/auth: sign in with a password (a session cookie: HttpOnly, SameSite=Strict, Secure over
// https, 12 hours, and the device cookie: src/auth/device-cookie.ts), sign out, who am I, change
// my password. Every password check goes through the sign-in throttle (src/auth/login-throttle.ts);
// sign-in requests are also limited per address on each node, against floods, except from a
// device the account signed in on before (a flood at a shared address must not keep its owner out).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { DEVICE_COOKIE, DEVICE_TTL_MS } from '../auth/device-cookie.js';
import { passwordChecks, type LoginResult, type Origin } from '../auth/login.js';
import { actorOf } from '../auth/principal.js';
import { deleteOtherSessions, deleteSession, SESSION_COOKIE } from '../auth/sessions.js';
import { getUser, setPassword, type User } from '../auth/users.js';
import type { Context } from '../context.js';
import { ApiError } from './errors.js';
import { caller } from './plugin.js';
import { requireAppHost, setCookie, startSession } from './session-cookies.js';
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { CREDENTIALS, PASSWORD_CHANGE, SESSION } from './schemas.js';

/** Sign-in requests per address and minute on each node, whatever their outcome: against floods. */
export const SIGN_IN_REQUESTS_PER_MINUTE = 10;

export function authRoutes({ database, config }: Pick<Context, 'database' | 'config'>) {
  const db = database.db;
  const checks = passwordChecks(db, config.secret);

  const origin = (request: FastifyRequest): Origin => ({ ip: request.ip, deviceCookie: request.cookies[DEVICE_COOKIE] });

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string; password: string } }>(
      '/auth/login',
      {
        config: {
          public: true,
          rateLimit: {
            max: SIGN_IN_REQUESTS_PER_MINUTE,
            timeWindow: '1 minute',
            // Once the body is validated (preHandler), so that it names the account.
            hook: 'preHandler',
            allowList: (request) => checks.onKnownDevice((request.body as { email: string }).email, origin(request)),
          },
        },
        schema: {
          operationId: 'login',
          tags: ['auth'],
          summary: 'Sign in: sets the session and device cookies, returns the CSRF token',
          security: [],
          body: ref(CREDENTIALS),
          response: withErrors({ 200: ok(SESSION, 'Signed in: the session cookie (dt_session) is set; send csrfToken as X-CSRF-Token on every write') }, [400, 401, 403, 413, 415, 429], {
            401: 'Wrong email or password',
            403: 'Sign in on the dashboard host (APP_HOST), not this one; or the account is on no client any more',
            429: `Too many sign-ins from this address (${SIGN_IN_REQUESTS_PER_MINUTE} a minute), or too many failed password checks of the account`,
          }),
        },
      },
      async (request, reply) => {
        requireAppHost(config, request, 'sign in');
        const result = await checks.login(request.body.email, request.body.password, origin(request));
        if (!result.ok) throw refusal(result, reply, new ApiError(401, 'invalid_credentials', 'wrong email or password'));
        // A member whose every client was taken away (or deleted) has nothing to act for.
        if (result.user.role !== 'master' && result.user.memberships.length === 0) throw new ApiError(403, 'no_client', 'your account is on no client any more: ask for a new invitation');
        const csrfToken = await startSession(db, config, request, reply, result.user.id);
        setCookie(config, request, reply, DEVICE_COOKIE, result.device, DEVICE_TTL_MS);
        return { user: result.user, csrfToken };
      },
    );

    const logout = { operationId: 'logout', tags: ['auth'], summary: 'Sign out (ends the session)', response: withErrors({ 204: noContent('Signed out: the session ends and its cookie is cleared') }, WRITE) };
    app.post('/auth/logout', { schema: logout }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
    });

    const me = {
      operationId: 'getSession',
      tags: ['auth'],
      summary: 'The signed-in user (with the clients they work for) and the session’s CSRF token',
      response: withErrors({ 200: ok(SESSION, 'The session') }, READ, { 400: 'The caller is an API key, not a signed-in user' }),
    };
    app.get('/auth/me', { schema: me }, async (request) => {
      const { principal } = caller(request);
      if (principal.kind !== 'user') throw new ApiError(400, 'not_a_session', 'this is an API key, not a signed-in user');
      const user = (await getUser(db, null, principal.id)) as User;
      // role and clientId: where this request acts (X-Duotrack-Client, else the first client).
      return { user: { ...user, role: principal.role, clientId: principal.clientId }, csrfToken: request.csrfToken };
    });

    app.post<{ Body: { currentPassword: string; newPassword: string } }>(
      '/auth/password',
      {
        schema: {
          operationId: 'changePassword',
          tags: ['auth'],
          summary: 'Change my password (ends my other sessions)',
          body: ref(PASSWORD_CHANGE),
          response: withErrors({ 204: noContent('Changed: the other sessions are ended') }, [...WRITE_BODY, 429], {
            400: 'Invalid, or the caller is an API key (sign in to change a password)',
            403: 'The current password is wrong, or a session write without its X-CSRF-Token',
            429: 'Too many failed password checks: Retry-After says when to try again',
          }),
        },
      },
      async (request, reply) => {
        const { principal } = caller(request);
        if (principal.kind !== 'user') throw new ApiError(400, 'not_a_session', 'sign in to change a password');
        // The current password is checked under the same throttle as sign-in: a stolen session cannot guess it.
        const check = await checks.checkCurrent(principal.id, request.body.currentPassword, origin(request));
        if (!check.ok) throw refusal(check, reply, new ApiError(403, 'invalid_credentials', 'the current password is wrong'));
        await db.transaction().execute(async (trx) => {
          await setPassword(trx, principal.id, request.body.newPassword);
          await deleteOtherSessions(trx, principal.id, request.cookies[SESSION_COOKIE] ?? null);
          await recordAudit(trx, { actor: actorOf(principal), clientId: principal.clientId, action: 'user.password', target: principal.id });
        });
        return reply.code(204).send();
      },
    );
  };
}

/** The error for a refused password check: `wrong` for a wrong password, 429 with Retry-After while throttled. */
function refusal(result: Exclude<LoginResult, { ok: true }>, reply: FastifyReply, wrong: ApiError): ApiError {
  if (result.reason === 'invalid') return wrong;
  const seconds = Math.ceil(result.retryAfterMs / 1000);
  reply.header('retry-after', String(seconds));
  const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new ApiError(429, 'rate_limited', `too many failed password checks: try again in ${wait}`);
}

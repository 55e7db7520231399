// /api/v1/auth/password-reset: "Forgot your password?". Asking answers 202 whether or not the
// address has an account (no account enumeration; the e-mail goes out after the answer, so the
// time taken says nothing either), limited per address and to 3 links an hour per account. The
// link (one hour, once) sets a new password, ends every session of the user and signs this
// browser in. Audited.
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { accountMailer, appOrigin, resetLink, resetMail } from '../auth/account-mail.js';
import { createPasswordReset, passwordResetEmail, resetPassword } from '../auth/password-resets.js';
import { getUser, InvalidUser } from '../auth/users.js';
import type { Context } from '../context.js';
import { NEW_PASSWORD_INPUT, RESET_PREVIEW, RESET_REQUEST, TOKEN_PARAMS } from './account-schemas.js';
import { ApiError } from './errors.js';
import { noContent, ok, ref, withErrors } from './responses.js';
import { SESSION } from './schemas.js';
import { requireAppHost, startSession } from './session-cookies.js';

/** Reset requests a minute per address. */
export const RESET_REQUESTS_PER_MINUTE = 5;
const LINK_GONE = 'this reset link is not valid: it was used, or it expired (it lasts one hour); ask for a new one';

export function passwordResetRoutes({ database, config }: Pick<Context, 'database' | 'config'>) {
  const db = database.db;
  const mailer = accountMailer(config);
  const limited = (max: number) => ({ public: true, rateLimit: { max, timeWindow: '1 minute' } });

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { email: string } }>(
      '/auth/password-reset',
      {
        config: limited(RESET_REQUESTS_PER_MINUTE),
        schema: {
          operationId: 'requestPasswordReset',
          tags: ['auth'],
          summary: 'Forgot your password: e-mails a one-time link (valid one hour) when the address has an account; the same answer either way',
          security: [],
          body: ref(RESET_REQUEST),
          response: withErrors({ 202: noContent('Accepted: if the address has an account, a link is on its way') }, [400, 413, 415, 429], {
            429: `Too many requests from this address (${RESET_REQUESTS_PER_MINUTE} a minute)`,
          }),
        },
      },
      async (request, reply) => {
        const reset = await db.transaction().execute(async (trx) => {
          const made = await createPasswordReset(trx, request.body.email);
          if (made) await recordAudit(trx, { actor: 'anonymous', clientId: null, action: 'user.password_reset.request', target: made.userId });
          return made;
        });
        if (reset && mailer) {
          const link = resetLink(appOrigin(config, request), reset.token);
          const to = request.body.email.trim().toLowerCase();
          void mailer(resetMail(config.mailFrom, to, link)).catch((err: Error) => request.log.warn({ err: { message: err.message } }, 'the password reset could not be e-mailed'));
        } else if (reset) {
          request.log.warn('a password reset was asked for, but SMTP_URL is not set: no e-mail was sent (duotrack reset-password sets a password)');
        }
        return reply.code(202).send();
      },
    );

    app.get<{ Params: { token: string } }>(
      '/auth/password-reset/:token',
      {
        config: limited(20),
        schema: {
          operationId: 'getPasswordReset',
          tags: ['auth'],
          summary: 'The account a reset link is for, while it is valid',
          security: [],
          params: TOKEN_PARAMS,
          response: withErrors({ 200: ok(RESET_PREVIEW, 'The link is valid') }, [400, 404, 429], { 404: LINK_GONE }),
        },
      },
      async (request) => {
        const email = await passwordResetEmail(db, request.params.token);
        if (email === undefined) throw new ApiError(404, 'not_found', LINK_GONE);
        return { email };
      },
    );

    app.post<{ Params: { token: string }; Body: { password: string } }>(
      '/auth/password-reset/:token',
      {
        config: limited(20),
        schema: {
          operationId: 'resetPassword',
          tags: ['auth'],
          summary: 'Set a new password with a reset link: every session of the user ends, and this browser is signed in',
          security: [],
          params: TOKEN_PARAMS,
          body: ref(NEW_PASSWORD_INPUT),
          response: withErrors({ 200: ok(SESSION, 'Signed in with the new password') }, [400, 403, 404, 413, 415, 429], {
            403: 'Reset on the dashboard host (APP_HOST), not this one',
            404: LINK_GONE,
          }),
        },
      },
      async (request, reply) => {
        requireAppHost(config, request, 'reset the password');
        const userId = await db.transaction().execute(async (trx) => {
          const id = await resetPassword(trx, request.params.token, request.body.password).catch((err: unknown) => {
            if (err instanceof InvalidUser) throw new ApiError(400, 'invalid', err.message, [{ instancePath: '/password', message: err.message }]);
            throw err;
          });
          if (id === undefined) throw new ApiError(404, 'not_found', LINK_GONE);
          await recordAudit(trx, { actor: `user:${id}`, clientId: null, action: 'user.password_reset', target: id });
          return id;
        });
        const csrfToken = await startSession(db, config, request, reply, userId);
        return { user: await getUser(db, null, userId), csrfToken };
      },
    );
  };
}

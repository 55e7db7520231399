// The cookies of a signed-in browser: host-only, HttpOnly, SameSite=Strict, Secure over https and
// always in a production deployment (APP_HOST), where TLS may end at a proxy. A session starts on
// sign-in, and on accepting an invitation or resetting a password (the link proved the e-mail),
// only on the dashboard host (APP_HOST) when there is one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Schema } from '../db/schema.js';
import { requestHost } from '../host.js';
import { ApiError } from './errors.js';

export function setCookie(config: Pick<Config, 'appHost'>, request: FastifyRequest, reply: FastifyReply, name: string, value: string, ttlMs: number): void {
  const secure = request.protocol === 'https' || config.appHost !== null;
  reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: ttlMs / 1000 });
}

/** Refuses (403) a sign-in anywhere but on APP_HOST, when it is set. */
export function requireAppHost(config: Pick<Config, 'appHost'>, request: FastifyRequest, what: string): void {
  if (config.appHost && requestHost(request) !== config.appHost) throw new ApiError(403, 'wrong_host', `${what} on ${config.appHost}`);
}

/** Starts a session for the user (its cookie set); the session's CSRF token. */
export async function startSession(db: Kysely<Schema>, config: Pick<Config, 'appHost'>, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
  const { token, csrfToken } = await createSession(db, userId);
  setCookie(config, request, reply, SESSION_COOKIE, token, SESSION_TTL_MS);
  return csrfToken;
}

// Who is calling, from the request: a Bearer API key, else the session cookie. Shared by the API
// (which requires a principal) and public endpoints that show more to a principal (health).
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { createApiKeyAuth } from './api-key-auth.js';
import type { Principal } from './principal.js';
import { principalForSession, SESSION_COOKIE } from './sessions.js';

export type Authentication =
  | { readonly ok: true; readonly principal: Principal; readonly csrfToken: string | null }
  | { readonly ok: false; readonly reason: 'none' | 'bad_key' | 'expired_session' };

export function createAuthenticator(db: Kysely<Schema>) {
  const principalFromKey = createApiKeyAuth(db);
  return async function authenticate(request: FastifyRequest): Promise<Authentication> {
    const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (key) {
      const principal = await principalFromKey(key);
      return principal ? { ok: true, principal, csrfToken: null } : { ok: false, reason: 'bad_key' };
    }
    const token = sessionToken(request);
    if (!token) return { ok: false, reason: 'none' };
    const session = await principalForSession(db, token, actingClient(request));
    return session ? { ok: true, principal: session.principal, csrfToken: session.csrfToken } : { ok: false, reason: 'expired_session' };
  };
}

/** The header that names the client a user on several clients acts for in this request. */
export const ACTING_CLIENT_HEADER = 'x-duotrack-client';

function actingClient(request: FastifyRequest): string | null {
  const value = request.headers[ACTING_CLIENT_HEADER];
  return typeof value === 'string' && value.length <= 64 ? value : null;
}

/** The session cookie's value, whether or not @fastify/cookie parsed the request. */
function sessionToken(request: FastifyRequest): string | undefined {
  const parsed = (request as { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
  return parsed ?? new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '')?.[1];
}

// Sessions of signed-in users. The cookie holds a random token; the database holds its SHA-256,
// the user, a CSRF token and the expiry (12 hours). Changing a password ends the user's other sessions.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { Principal } from './principal.js';

export const SESSION_COOKIE = 'dt_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Kysely<Schema>, userId: string, now = Date.now()): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: now + SESSION_TTL_MS }).execute();
  return { token, csrfToken };
}

/**
 * The principal of a live session, with its CSRF token; null when unknown or expired. A member acts
 * for the client `acting` names when they are on it (the X-Duotrack-Client header), else for their
 * first client; with their role there. A member of no client has no principal.
 */
export async function principalForSession(db: Kysely<Schema>, token: string, acting: string | null = null, now = Date.now()): Promise<{ principal: Principal; csrfToken: string } | null> {
  if (!/^[\w-]{43}$/.test(token)) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.role', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  if (row.role === 'master') return { principal: { kind: 'user', id: row.id, role: 'master', clientId: null, readOnly: false }, csrfToken: row.csrf_token };
  const memberships = await db
    .selectFrom('memberships')
    .select(['client_id', 'role'])
    .where('user_id', '=', row.id)
    .orderBy('created_at')
    .orderBy('client_id')
    .execute();
  const membership = memberships.find((m) => m.client_id === acting) ?? memberships[0];
  if (!membership) return null;
  return {
    principal: { kind: 'user', id: row.id, role: membership.role, clientId: membership.client_id, readOnly: membership.role === 'viewer' },
    csrfToken: row.csrf_token,
  };
}

export async function deleteSession(db: Kysely<Schema>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of a user but the one given (none: every one), after a password change or reset. */
export async function deleteOtherSessions(db: Kysely<Schema>, userId: string, keepToken: string | null): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keepToken !== null, (qb) => qb.where('token_hash', '!=', hashToken(keepToken as string)))
    .execute();
}

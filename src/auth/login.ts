// Password checks with a lockout: 5 failures in a row (sign-in or password change) lock the
// account for 15 minutes. The failure counter is incremented atomically, so a burst of parallel
// guesses counts as what it is. An unknown email costs the same argon2 work as a wrong password.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User } from './users.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' };

let dummyHash: Promise<string> | null = null;

export async function login(db: Kysely<Schema>, email: string, password: string, now = Date.now()): Promise<LoginResult> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row) {
    await verifyPassword(await (dummyHash ??= hashPassword('duotrack-dummy-password')), password);
    return { ok: false, reason: 'invalid' };
  }
  return checkPassword(db, row.id, password, now);
}

/** Verifies a user's password under the lockout; the user, or why not. */
export async function checkPassword(db: Kysely<Schema>, userId: string, password: string, now = Date.now()): Promise<LoginResult> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (row.locked_until !== null && row.locked_until > now) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(row.password_hash, password))) {
    const counted = await db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', row.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    if (counted.failed_logins < MAX_FAILED_LOGINS) return { ok: false, reason: 'invalid' };
    await db.updateTable('users').set({ failed_logins: 0, locked_until: now + LOCKOUT_MS }).where('id', '=', row.id).execute();
    return { ok: false, reason: 'locked' };
  }
  if (row.failed_logins > 0 || row.locked_until !== null) {
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
  }
  return { ok: true, user: { id: row.id, email: row.email, role: row.role, clientId: row.client_id } };
}

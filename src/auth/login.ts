// Password sign-in with a lockout: 5 failures in a row lock the account for 15 minutes. An unknown
// email costs the same argon2 work as a wrong password, so timing does not reveal accounts.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User } from './users.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' };

let dummyHash: Promise<string> | null = null;

export async function login(db: Kysely<Schema>, email: string, password: string, now = Date.now()): Promise<LoginResult> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row) {
    await verifyPassword(await (dummyHash ??= hashPassword('duotrack-dummy-password')), password);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until !== null && row.locked_until > now) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(row.password_hash, password))) {
    const failed = row.failed_logins + 1;
    const locked = failed >= MAX_FAILED_LOGINS;
    await db
      .updateTable('users')
      .set({ failed_logins: locked ? 0 : failed, locked_until: locked ? now + LOCKOUT_MS : row.locked_until })
      .where('id', '=', row.id)
      .execute();
    return { ok: false, reason: locked ? 'locked' : 'invalid' };
  }
  if (row.failed_logins > 0 || row.locked_until !== null) {
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
  }
  return { ok: true, user: { id: row.id, email: row.email, role: row.role, clientId: row.client_id } };
}

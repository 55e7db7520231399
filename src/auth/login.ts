// Password checks (sign-in, and the current password on a change) under the sign-in throttle
// (login-throttle.ts): each check is claimed before the password is verified, so neither a burst
// of parallel guesses nor a guesser at another address gets more checks than the throttle allows,
// and nobody can lock the owner out. An unknown email is throttled like a known one and costs the
// same argon2 work: both answer alike.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { loginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User } from './users.js';

export type LoginResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number };

export interface PasswordChecks {
  /** Sign-in by email, from the address `ip`. */
  login(email: string, password: string, ip: string, now?: number): Promise<LoginResult>;
  /** The current password of a signed-in user, from the address `ip`. */
  checkCurrent(userId: string, password: string, ip: string, now?: number): Promise<LoginResult>;
}

type UserRow = Pick<Schema['users'], 'id' | 'email' | 'role' | 'client_id' | 'password_hash'>;

let dummyHash: Promise<string> | null = null;

export function passwordChecks(db: Kysely<Schema>, secret: string): PasswordChecks {
  const throttle = loginThrottle(db, secret);
  const userBy = (column: 'email' | 'id', value: string) =>
    db.selectFrom('users').select(['id', 'email', 'role', 'client_id', 'password_hash']).where(column, '=', value).executeTakeFirst();

  async function check(email: string, row: UserRow | undefined, password: string, ip: string, now: number): Promise<LoginResult> {
    const admission = await throttle.admit(email, ip, now);
    if (!admission.ok) return { ok: false, reason: 'throttled', retryAfterMs: admission.retryAfterMs };
    const right = await verifyPassword(row?.password_hash ?? (await (dummyHash ??= hashPassword('duotrack-dummy-password'))), password);
    if (!row || !right) return { ok: false, reason: 'invalid' };
    await throttle.succeeded(email, ip);
    return { ok: true, user: { id: row.id, email: row.email, role: row.role, clientId: row.client_id } };
  }

  return {
    async login(email, password, ip, now = Date.now()) {
      const normalized = email.trim().toLowerCase();
      return check(normalized, await userBy('email', normalized), password, ip, now);
    },
    async checkCurrent(userId, password, ip, now = Date.now()) {
      const row = await userBy('id', userId);
      if (!row) return { ok: false, reason: 'invalid' };
      return check(row.email, row, password, ip, now);
    },
  };
}

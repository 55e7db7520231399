// Password checks (sign-in, and the current password on a change) under the sign-in throttle
// (login-throttle.ts): each check is claimed before the password is verified, so neither a burst
// of parallel guesses nor a guesser at another address gets more checks than the throttle allows,
// and nobody can lock the owner out: on a device it signed in on before (its device cookie), an
// account is throttled on that device alone. An unknown email is throttled like a known one and
// costs the same argon2 work: both answer alike.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { issueDevice, knownDevice } from './device-cookie.js';
import { loginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { getUser, type User } from './users.js';

export type LoginResult =
  /** `device`: the device cookie to set, the one presented when it is the account's, else a new one. */
  | { readonly ok: true; readonly user: User; readonly device: string }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number };

/** Where a check comes from: the address, and the device cookie the browser sent, if any. */
export interface Origin {
  readonly ip: string;
  readonly deviceCookie?: string | undefined;
}

export interface PasswordChecks {
  /** Sign-in by email. */
  login(email: string, password: string, from: Origin, now?: number): Promise<LoginResult>;
  /** The current password of a signed-in user. */
  checkCurrent(userId: string, password: string, from: Origin, now?: number): Promise<LoginResult>;
  /** Whether the browser's device cookie is one that the account of `email` signed in on. */
  onKnownDevice(email: string, from: Origin): Promise<boolean>;
}

type UserRow = Pick<Schema['users'], 'id' | 'email' | 'password_hash'>;

let dummyHash: Promise<string> | null = null;

export function passwordChecks(db: Kysely<Schema>, secret: string): PasswordChecks {
  const throttle = loginThrottle(db, secret);
  const userBy = (column: 'email' | 'id', value: string) =>
    db.selectFrom('users').select(['id', 'email', 'password_hash']).where(column, '=', value).executeTakeFirst();

  async function check(email: string, row: UserRow | undefined, password: string, from: Origin, now: number): Promise<LoginResult> {
    const deviceId = row ? knownDevice(secret, row.id, from.deviceCookie) : null;
    const checker = { email, ip: from.ip, device: row && deviceId ? { userId: row.id, id: deviceId } : null };
    const admission = await throttle.admit(checker, now);
    if (!admission.ok) return { ok: false, reason: 'throttled', retryAfterMs: admission.retryAfterMs };
    const right = await verifyPassword(row?.password_hash ?? (await (dummyHash ??= hashPassword('duotrack-dummy-password'))), password);
    if (!row || !right) return { ok: false, reason: 'invalid' };
    await throttle.succeeded(checker);
    const device = deviceId !== null && from.deviceCookie !== undefined ? from.deviceCookie : issueDevice(secret, row.id);
    return { ok: true, user: (await getUser(db, null, row.id)) as User, device };
  }

  return {
    async login(email, password, from, now = Date.now()) {
      const normalized = normalEmail(email);
      return check(normalized, await userBy('email', normalized), password, from, now);
    },
    async checkCurrent(userId, password, from, now = Date.now()) {
      const row = await userBy('id', userId);
      if (!row) return { ok: false, reason: 'invalid' };
      return check(row.email, row, password, from, now);
    },
    async onKnownDevice(email, from) {
      if (from.deviceCookie === undefined) return false;
      const row = await userBy('email', normalEmail(email));
      return row !== undefined && knownDevice(secret, row.id, from.deviceCookie) !== null;
    },
  };
}

const normalEmail = (email: string) => email.trim().toLowerCase();

// Password resets: a one-time link valid one hour, mailed to the account's address. Asking for one
// answers the same whether the address has an account or not (the caller mails only when it does);
// at most 3 links an hour per account. Using one sets the password, ends every session of the
// user and voids their other links.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { newToken, tokenHash } from './one-time-token.js';
import { setPassword, userIdByEmail } from './users.js';

export const RESET_TTL_MS = 3_600_000;
/** Links per account and hour, so that nobody can fill a mailbox. */
export const RESETS_PER_HOUR = 3;

/** A link's token for the account of `email`; null when there is no such account or it had its links this hour. */
export async function createPasswordReset(db: Kysely<Schema>, email: string, now = Date.now()): Promise<{ userId: string; token: string } | null> {
  const userId = await userIdByEmail(db, email);
  if (userId === undefined) return null;
  await db.deleteFrom('password_resets').where('expires_at', '<=', now - RESET_TTL_MS).execute();
  const recent = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', now - 3_600_000)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= RESETS_PER_HOUR) return null;
  const { token, hash } = newToken();
  await db.insertInto('password_resets').values({ token_hash: hash, user_id: userId, created_at: now, expires_at: now + RESET_TTL_MS, used_at: null }).execute();
  return { userId, token };
}

/** The e-mail of the account a valid (unused, unexpired) token resets; undefined otherwise. */
export async function passwordResetEmail(db: Kysely<Schema>, token: string, now = Date.now()): Promise<string | undefined> {
  const hash = tokenHash(token);
  if (hash === null) return undefined;
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select('users.email')
    .where('password_resets.token_hash', '=', hash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now)
    .executeTakeFirst();
  return row?.email;
}

/**
 * Uses a valid token, once (a parallel second use finds it used): the new password (checked like
 * any other), every session of the user ended, their other links voided. The user's id; undefined
 * for a token that is not valid. Run it in a transaction.
 */
export async function resetPassword(db: Kysely<Schema>, token: string, password: string, now = Date.now()): Promise<string | undefined> {
  const hash = tokenHash(token);
  if (hash === null) return undefined;
  const row = await db.selectFrom('password_resets').select('user_id').where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return undefined;
  const claimed = await db.updateTable('password_resets').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  await replacePassword(db, row.user_id, password, now);
  return row.user_id;
}

/** Sets the user's password (checked like any other), ends every session of theirs and voids their reset links. */
export async function replacePassword(db: Kysely<Schema>, userId: string, password: string, now = Date.now()): Promise<void> {
  await setPassword(db, userId, password);
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

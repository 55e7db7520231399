// The sign-in throttle, kept in the database so that it is exact across app nodes. Every password
// check (sign-in, or the current password on a change) is claimed before the password is verified.
// A check from a device the account signed in on before (a valid device cookie: device-cookie.ts)
// is claimed on that device's key alone: nobody else can present it, so no guesser can hold the
// owner up there, whatever address they share. Any other check is claimed on two keys: the
// account at this address (a guesser slows down only themselves: the owner at another address is
// never held up) and the address across accounts (against trying one password on many accounts).
// Keys are named by an HMAC, so no email or IP address is stored, and an unknown email is
// throttled exactly like a known one. Each claim is a compare-and-set on the key's row: of
// parallel claims, only those the policy allows succeed.
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { addressKey } from '../server-limits.js';
import { claim, refund, type Attempts, type ThrottlePolicy } from './throttle-policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One account at one address: 5 failures, then 1, 2, 4… minutes (at most an hour) between checks. */
export const ACCOUNT_AT_ADDRESS: ThrottlePolicy = { free: 5, firstWaitMs: MINUTE, maxWaitMs: HOUR, forgetMs: 24 * HOUR };
/** One address, every account: 20 failures, then the same backoff. */
export const ADDRESS: ThrottlePolicy = { free: 20, firstWaitMs: MINUTE, maxWaitMs: HOUR, forgetMs: 24 * HOUR };
/** One account on one of its known devices: 10 failures, then the same backoff. */
export const KNOWN_DEVICE: ThrottlePolicy = { free: 10, firstWaitMs: MINUTE, maxWaitMs: HOUR, forgetMs: 24 * HOUR };

export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/** Who checks a password: an email, from an address, on a device the account signed in on before or not. */
export interface Checker {
  readonly email: string;
  readonly ip: string;
  /** The account and the device id of a valid device cookie for it; null without one. */
  readonly device: { readonly userId: string; readonly id: string } | null;
}

export interface LoginThrottle {
  /** Claims one password check, or says how long to wait. */
  admit(checker: Checker, now: number): Promise<Admission>;
  /** The claimed check was right: the account starts afresh there, the address gets its attempt back. */
  succeeded(checker: Checker): Promise<void>;
}

interface Key {
  readonly id: string;
  readonly policy: ThrottlePolicy;
  /** What a right password does to it: the key starts afresh, or gets its attempt back. */
  readonly afterSuccess: 'forget' | 'refund';
}

export function loginThrottle(db: Kysely<Schema>, secret: string): LoginThrottle {
  const id = (...parts: string[]) => createHmac('sha256', secret).update(['login-throttle', ...parts].join('\u0000')).digest('base64url');
  const keysOf = ({ email, ip, device }: Checker): readonly Key[] => {
    if (device) return [{ id: id('device', device.userId, device.id), policy: KNOWN_DEVICE, afterSuccess: 'forget' }];
    const address = addressKey(ip);
    return [
      { id: id('address', address), policy: ADDRESS, afterSuccess: 'refund' },
      { id: id('account', email, address), policy: ACCOUNT_AT_ADDRESS, afterSuccess: 'forget' },
    ];
  };

  return {
    async admit(checker, now) {
      const keys = keysOf(checker);
      await db.deleteFrom('login_throttle').where('expires_at', '<=', now).execute();
      // Refused outright while any key waits; otherwise claimed key by key, and a claim lost
      // to a parallel request gives back the ones already made.
      const current = await Promise.all(keys.map((key) => read(db, key.id)));
      const waits = keys.map((key, i) => claim(key.policy, current[i] ?? null, now)).flatMap((c) => (c.ok ? [] : [c.retryAfterMs]));
      if (waits.length > 0) return { ok: false, retryAfterMs: Math.max(...waits) };
      for (const [i, key] of keys.entries()) {
        const claimed = await claimKey(db, key, now);
        if (claimed.ok) continue;
        for (const made of keys.slice(0, i)) await refundKey(db, made);
        return claimed;
      }
      return { ok: true };
    },
    async succeeded(checker) {
      for (const key of keysOf(checker)) {
        if (key.afterSuccess === 'forget') await db.deleteFrom('login_throttle').where('id', '=', key.id).execute();
        else await refundKey(db, key);
      }
    },
  };
}

async function read(db: Kysely<Schema>, id: string): Promise<Attempts | null> {
  const row = await db.selectFrom('login_throttle').select(['failures', 'blocked_until', 'expires_at']).where('id', '=', id).executeTakeFirst();
  return row ? { failures: row.failures, blockedUntil: row.blocked_until, expiresAt: row.expires_at } : null;
}

function claimKey(db: Kysely<Schema>, key: Key, now: number): Promise<Admission> {
  return compareAndSet<Admission>(db, key.id, (current) => {
    const result = claim(key.policy, current, now);
    return result.ok ? [result.next, { ok: true }] : [null, result];
  });
}

function refundKey(db: Kysely<Schema>, key: Key): Promise<void> {
  return compareAndSet(db, key.id, (current) => [current && refund(key.policy, current), undefined]);
}

/** Applies `step` to the key's row as read, retrying from a fresh read whenever a parallel request changed it first. */
async function compareAndSet<T>(db: Kysely<Schema>, id: string, step: (current: Attempts | null) => readonly [Attempts | null, T]): Promise<T> {
  for (;;) {
    const current = await read(db, id);
    const [next, result] = step(current);
    if (next === null || (await write(db, id, current, next))) return result;
  }
}

/** Writes `next` if the row is still `current` (absent: not yet inserted); whether it did. */
async function write(db: Kysely<Schema>, id: string, current: Attempts | null, next: Attempts): Promise<boolean> {
  const values = { failures: next.failures, blocked_until: next.blockedUntil, expires_at: next.expiresAt };
  if (current === null) {
    const inserted = await db.insertInto('login_throttle').values({ id, ...values }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const updated = await db
    .updateTable('login_throttle')
    .set(values)
    .where('id', '=', id)
    .where('failures', '=', current.failures)
    .where('blocked_until', '=', current.blockedUntil)
    .where('expires_at', '=', current.expiresAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

// The sign-in throttle, kept in the database so that it is exact across app nodes. Every password
// check (sign-in, or the current password on a change) is claimed on two keys before the password
// is verified: the account at this address (a guesser slows down only themselves: the owner at
// another address is never held up) and the address across accounts (against trying one password
// on many accounts). Keys are named by an HMAC, so no email or IP address is stored, and an
// unknown email is throttled exactly like a known one. Each claim is a compare-and-set on the
// key's row: of parallel claims, only those the policy allows succeed.
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { normalizeIp } from '../tracking/enrich/ip.js';
import { claim, refund, type Attempts, type ThrottlePolicy } from './throttle-policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One account at one address: 5 failures, then 1, 2, 4… minutes (at most an hour) between checks. */
export const ACCOUNT_AT_ADDRESS: ThrottlePolicy = { free: 5, firstWaitMs: MINUTE, maxWaitMs: HOUR, forgetMs: 24 * HOUR };
/** One address, every account: 20 failures, then the same backoff. */
export const ADDRESS: ThrottlePolicy = { free: 20, firstWaitMs: MINUTE, maxWaitMs: HOUR, forgetMs: 24 * HOUR };

export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export interface LoginThrottle {
  /** Claims one check of `email`'s password from `ip`, or says how long to wait. */
  admit(email: string, ip: string, now: number): Promise<Admission>;
  /** The claimed check was right: the account starts afresh at this address, the address gets its attempt back. */
  succeeded(email: string, ip: string): Promise<void>;
}

interface Key {
  readonly id: string;
  readonly policy: ThrottlePolicy;
}

export function loginThrottle(db: Kysely<Schema>, secret: string): LoginThrottle {
  const id = (...parts: string[]) => createHmac('sha256', secret).update(['login-throttle', ...parts].join('\u0000')).digest('base64url');
  const keysOf = (email: string, ip: string) => {
    const source = sourceOf(ip);
    return { address: { id: id('address', source), policy: ADDRESS }, account: { id: id('account', email, source), policy: ACCOUNT_AT_ADDRESS } };
  };

  return {
    async admit(email, ip, now) {
      const { address, account } = keysOf(email, ip);
      await db.deleteFrom('login_throttle').where('expires_at', '<=', now).execute();
      // Refused outright while either key waits; otherwise claimed key by key, and a claim lost
      // to a parallel request gives back the one already made.
      const current = await Promise.all([address, account].map((key) => read(db, key.id)));
      const waits = [address, account].map((key, i) => claim(key.policy, current[i] ?? null, now)).flatMap((c) => (c.ok ? [] : [c.retryAfterMs]));
      if (waits.length > 0) return { ok: false, retryAfterMs: Math.max(...waits) };
      const first = await claimKey(db, address, now);
      if (!first.ok) return first;
      const second = await claimKey(db, account, now);
      if (!second.ok) await refundKey(db, address);
      return second;
    },
    async succeeded(email, ip) {
      const { address, account } = keysOf(email, ip);
      await db.deleteFrom('login_throttle').where('id', '=', account.id).execute();
      await refundKey(db, address);
    },
  };
}

/** The address as the throttle counts it: an IPv4 address, or the /64 of an IPv6 one (one subscriber's). */
function sourceOf(ip: string): string {
  const address = normalizeIp(ip);
  if (isIP(address) !== 6) return address;
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv6.parse(address).parts;
  return new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toRFC5952String() + '/64';
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

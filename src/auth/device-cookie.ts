// The device cookie (OWASP's "device cookie" against lockout): set on each successful sign-in, it
// names the browser as one the account has signed in on, `<random id>.<HMAC(secret, user id, id)>`.
// A password check that presents a valid one for its account is throttled on that device alone
// (login-throttle.ts), so a guesser who shares the owner's address cannot hold the owner up on a
// known device: they cannot forge one. It holds neither the email nor the user id in clear.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_COOKIE = 'dt_device';
/** How long a browser stays known without signing in again (each sign-in renews it). */
export const DEVICE_TTL_MS = 365 * 24 * 3_600_000;

/** A new device cookie for the user. */
export function issueDevice(secret: string, userId: string): string {
  const id = randomBytes(16).toString('base64url');
  return `${id}.${mac(secret, userId, id)}`;
}

/** The device id in `cookie` when it was issued to this user; null for none, a forged one or another account's. */
export function knownDevice(secret: string, userId: string, cookie: string | undefined): string | null {
  const [id, given, ...rest] = (cookie ?? '').split('.');
  if (!id || !given || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, userId, id));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
}

function mac(secret: string, userId: string, id: string): string {
  return createHmac('sha256', secret).update(['device-cookie', userId, id].join('\u0000')).digest('base64url');
}

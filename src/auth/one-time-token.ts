// The secret of a one-time link (invitation, password reset): 256 random bits, given once in the
// link; only its SHA-256 is stored (a fast hash is enough for 256 random bits).
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): { readonly token: string; readonly hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The stored hash of a token; null for a string that cannot be one (never looked up). */
export function tokenHash(token: string): string | null {
  return /^[\w-]{43}$/.test(token) ? hashToken(token) : null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Ties the two engines together. The page carries a token for its view, `<view id>.<signature>`,
// signed with SECRET for that smartlink: the browser's beacons present it (so only ids the server
// issued, for that smartlink, recently, are accepted), and service links carry it, so that a
// click's event id can be derived from its view — the browser knows it before it navigates.
import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

export interface ViewTokens {
  sign(viewId: string, smartlinkId: string): string;
  /** The view id of a valid token for this smartlink, issued at most `maxAgeMs` ago; else null. */
  verify(token: string, smartlinkId: string, maxAgeMs: number, now?: number): string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function createViewTokens(secret: string): ViewTokens {
  // The key prepared once (every page signs its view): the same HMAC as with the string secret, without encoding it per call.
  const key = createSecretKey(Buffer.from(secret));
  const signature = (viewId: string, smartlinkId: string) =>
    createHmac('sha256', key).update(`view|${viewId}|${smartlinkId}`).digest('base64url').slice(0, 22);
  return {
    sign: (viewId, smartlinkId) => `${viewId}.${signature(viewId, smartlinkId)}`,
    verify(token, smartlinkId, maxAgeMs, now = Date.now()) {
      const parts = token.split('.');
      const [viewId, sig] = parts;
      if (parts.length !== 2 || !viewId || !sig || token.length > 80 || !UUID.test(viewId)) return null;
      const expected = Buffer.from(signature(viewId, smartlinkId));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const issued = uuidv7Time(viewId);
      return issued <= now + 60_000 && now - issued <= maxAgeMs ? viewId : null;
    },
  };
}

/** Milliseconds since the epoch in the first 48 bits of a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/**
 * The event id of the `tap`-th click (0, 1, …) on `service` from the view `viewId`: the view's
 * UUIDv7 (its time, version and variant) with its last 48 random bits XORed with a mask of the
 * service and with the tap number. Distinct per service and per tap, reproducible, and computed
 * by the page script too (the page carries the masks), so both engines store one id per tap.
 */
export function clickIdFor(viewId: string, service: string, tap = 0): string {
  return viewId.slice(0, 24) + xorHex(viewId.slice(24), clickMask(service), tap);
}

/** Taps a page may number; a larger number is not a tap from the page. */
export const MAX_TAP = 999;

const masks = new Map<string, string>();

/** 12 hex digits of SHA-256("click|" + service). */
export function clickMask(service: string): string {
  let mask = masks.get(service);
  if (!mask) {
    mask = createHash('sha256').update(`click|${service}`).digest('hex').slice(0, 12);
    if (masks.size < 10_000) masks.set(service, mask);
  }
  return mask;
}

/** a XOR b XOR tap, on 12 hex digits (two 24-bit halves; the tap goes into the low half). */
function xorHex(a: string, b: string, tap: number): string {
  const high = parseInt(a.slice(0, 6), 16) ^ parseInt(b.slice(0, 6), 16);
  const low = parseInt(a.slice(6), 16) ^ parseInt(b.slice(6), 16) ^ tap;
  return high.toString(16).padStart(6, '0') + low.toString(16).padStart(6, '0');
}

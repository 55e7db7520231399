// Ties the two engines together. The page carries a token for its view, `<view id>.<signature>`,
// signed with SECRET for that smartlink: the browser's beacons present it (so only ids the server
// issued, for that smartlink, recently, are accepted), and service links carry it, so that a
// click's event id can be derived from its view — the browser knows it before it navigates.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ViewTokens {
  sign(viewId: string, smartlinkId: string): string;
  /** The view id of a valid token for this smartlink, issued at most `maxAgeMs` ago; else null. */
  verify(token: string, smartlinkId: string, maxAgeMs: number, now?: number): string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function createViewTokens(secret: string): ViewTokens {
  const signature = (viewId: string, smartlinkId: string) =>
    createHmac('sha256', secret).update(`view|${viewId}|${smartlinkId}`).digest('base64url').slice(0, 22);
  return {
    sign: (viewId, smartlinkId) => `${viewId}.${signature(viewId, smartlinkId)}`,
    verify(token, smartlinkId, maxAgeMs, now = Date.now()) {
      const [viewId, sig] = token.split('.');
      if (!viewId || !sig || token.length > 80 || !UUID.test(viewId)) return null;
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
 * The event id of a click on `service` from the view `viewId`: a UUIDv7 with the view's time and
 * 74 bits of SHA-256(view, service). The same view and service always give the same id, so a
 * second tap on the same page is the same click, as it is for the ad platforms.
 */
export function clickIdFor(viewId: string, service: string): string {
  const hash = createHash('sha256').update(`click|${viewId}|${service}`).digest('hex');
  const time = viewId.slice(0, 8) + viewId.slice(9, 13);
  const variant = ((parseInt(hash.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

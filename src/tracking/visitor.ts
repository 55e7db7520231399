// Cookieless visitor and session ids. visitor = H(daily salt, client, IP, user agent): the same
// fan on the same day for one client, never linkable across days or clients. A session is one
// visitor's visit to one smartlink within that UTC day, so a click shares its view's session.
//
// Both start with their UTC day (4 hex digits: days since 1970), then 28 hex digits of the hash:
// an erasure by visitor or session then reads that day's events through (client, ts), and the
// events table needs no index on these random keys (whose inserts cost a third of a click).
import { hash } from 'node:crypto';

const DAY_MS = 86_400_000;

/** `now`: the instant of the event, in the salt's UTC day. */
export function visitorIds(salt: string, now: number, clientId: string, smartlinkId: string, ip: string, userAgent: string) {
  const day = Math.floor(now / DAY_MS).toString(16).padStart(4, '0');
  const visitor_id = day + digest(salt, clientId, ip, userAgent);
  return { visitor_id, session_id: day + digest(salt, visitor_id, smartlinkId) };
}

/** The UTC day [start, end) a visitor or session id belongs to; null for anything else. */
export function dayOfId(id: string): { start: number; end: number } | null {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const start = Number.parseInt(id.slice(0, 4), 16) * DAY_MS;
  return { start, end: start + DAY_MS };
}

/** SHA-256, one call (two per request: crypto.hash skips the Hash object that createHash builds). */
function digest(...parts: string[]): string {
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 28);
}

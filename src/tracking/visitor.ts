// Cookieless visitor and session ids. visitor = H(daily salt, client, IP, user agent): the same
// fan on the same day for one client, never linkable across days or clients. A session is one
// visitor's visit to one smartlink within that UTC day, so a click shares its view's session.
import { createHash } from 'node:crypto';

export function visitorIds(salt: string, clientId: string, smartlinkId: string, ip: string, userAgent: string) {
  const visitor_id = digest(salt, clientId, ip, userAgent);
  return { visitor_id, session_id: digest(salt, visitor_id, smartlinkId) };
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

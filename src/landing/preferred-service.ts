// The fan's preferred service: remembered only when the fan ticks "Remember my choice" on a
// smartlink page and taps a service (the click route then sets a first-party cookie, only for a
// same-origin navigation from that page: tappedOnPage), forgotten from the privacy page or from the
// smartlink page itself (its "Forget" button, shown while a service is remembered). One cookie per client (its name carries a short hash of the client's id),
// so a choice made on one client's page is never used by another client sharing the host.
// HttpOnly (no script reads it), SameSite=Lax, Secure over https, host-only, 180 days.
//
// It is functional, asked for by the fan: no consent banner is needed for it (the ePrivacy
// exemption for what the user explicitly requests). It carries a service id, nothing else.
// If the client turns on skipToPreferredService, a later visit to any of its smartlinks goes
// straight to that service when the page would show it to this fan (routes.ts), unless the link
// says `?choose` (CHOOSE): the way back to the page, linked from the iOS app page and explained on
// the privacy page.
import { hash } from 'node:crypto';
import type { ServiceLink } from '../links/smartlink.js';
import { SERVICE_ID } from '../links/services.js';
import { referredByPage } from '../tracking/attribution.js';
import type { RequestFacts } from '../tracking/request-facts.js';

export const PREFERRED_MAX_AGE_SECONDS = 180 * 86_400;

/** `dt_pref_<12 hex of SHA-256("pref|" + client id)>` (read on every page a fan with cookies opens: one crypto call). */
export function preferredCookieName(clientId: string): string {
  return `dt_pref_${hash('sha256', `pref|${clientId}`, 'hex').slice(0, 12)}`;
}

/** The service this fan asked the client's pages to remember, or null. */
export function preferredServiceOf(cookieHeader: string | undefined, clientId: string): string | null {
  if (!cookieHeader) return null;
  const name = preferredCookieName(clientId);
  for (const part of cookieHeader.split(';')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === name && value !== undefined && SERVICE_ID.test(value)) return value;
  }
  return null;
}

/** Set-Cookie remembering `service` for the client's pages, or forgetting it (null). */
export function preferredServiceCookie(clientId: string, service: string | null, secure: boolean): string {
  const tail = `Path=/; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`;
  const name = preferredCookieName(clientId);
  return service === null ? `${name}=; Max-Age=0; ${tail}` : `${name}=${service}; Max-Age=${PREFERRED_MAX_AGE_SECONDS}; ${tail}`;
}

/** The preferred service among those the page shows this fan, or null (then the page is shown). */
export function skipTarget(services: readonly ServiceLink[], preferred: string | null): ServiceLink | null {
  return preferred === null ? null : (services.find((s) => s.service === preferred) ?? null);
}

/** The query parameter that shows the page even to a fan whose service is remembered: `/<slug>?choose`. */
export const CHOOSE = 'choose';

/**
 * Whether a tap is a same-origin navigation from this smartlink's page (the only one that may set
 * the cookie): Sec-Fetch-Site, where the browser sends it, says same-origin, and the Referer,
 * where it is sent, is the page; at least one of the two is sent. A signed view token alone is
 * not enough: it is valid for a day and travels with any copy of the link, so a harvested
 * `/<slug>/<service>?v=…&n=0&r=1` opened from elsewhere (cross-site, or a redirect from
 * another page whose Referer is not this one) sets nothing.
 */
export function tappedOnPage(facts: Pick<RequestFacts, 'headers' | 'referrer' | 'host'>, slug: string): boolean {
  const site = facts.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  if (facts.referrer !== '') return referredByPage(facts, slug);
  return site === 'same-origin';
}

// What every public (smartlink-host) page needs: finding the live landing of a slug, and the
// branded 404 / 410 / 503 pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { requestHost } from '../host.js';
import type { Landing } from '../links/landing-lookup.js';
import { SLUG } from '../links/smartlink.js';
import type { Client } from '../tenants/client.js';
import { fillSlots } from './layout.js';
import { pickLanguage } from './messages.js';
import { cspSources, newNonce, pageHeaders } from './security-headers.js';
import { renderStatusPage, type StatusPage } from './status-page.js';

export const UNAVAILABLE = Symbol('unavailable');

export function publicPages({ lookup, config }: Pick<Context, 'lookup' | 'config'>) {
  /** The live landing, null when there is none, UNAVAILABLE when the database is away and nothing is cached. */
  async function findLanding(request: FastifyRequest, rawSlug: string): Promise<Landing | null | typeof UNAVAILABLE> {
    const slug = pageSlug(request, rawSlug);
    if (slug === null) return null;
    return lookup.find(requestHost(request), slug).catch((err: Error) => {
      request.log.warn({ err: { message: err.message } }, 'smartlink lookup failed');
      return UNAVAILABLE;
    });
  }

  /** The slug a path segment names, lower case; null when it is none, or on the management host (no smartlink page, and so no client tag, there). */
  function pageSlug(request: FastifyRequest, rawSlug: string): string | null {
    const slug = rawSlug.toLowerCase();
    return !SLUG.test(slug) || (config.appHost !== null && requestHost(request) === config.appHost) ? null : slug;
  }

  async function statusPage(request: FastifyRequest, reply: FastifyReply, kind: StatusPage, client?: Client | null) {
    const brand = client ?? (await lookup.domainClient(requestHost(request)).catch(() => null));
    const nonce = newNonce();
    const page = fillSlots(renderStatusPage(kind, brand, pickLanguage(request.headers['accept-language'])), { nonce, view: '', noscript: '' });
    const headers = pageHeaders(nonce, cspSources({}, [brand?.branding.logo ?? null]), { cacheControl: 'no-store' });
    if (kind === 'unavailable') return reply.code(503).headers({ ...headers, 'retry-after': '5' }).send(page);
    return reply.code(kind === 'gone' ? 410 : 404).headers(headers).send(page);
  }

  /** The page for a slug with no live landing: 410 when it was taken down (archived), 404 otherwise. */
  async function missingPage(request: FastifyRequest, reply: FastifyReply, rawSlug: string, client?: Client | null) {
    const slug = pageSlug(request, rawSlug);
    const gone = slug !== null && (await lookup.gone(requestHost(request), slug).catch(() => false));
    return statusPage(request, reply, gone ? 'gone' : 'not_found', gone ? null : client);
  }

  return { findLanding, pageSlug, statusPage, missingPage };
}

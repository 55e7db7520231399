// The fan's privacy page of each smartlink, /privacy/:slug, and its buttons: opt out (a
// first-party cookie for 13 months), opt back in, erase today's records of this fan (the
// visitor id recomputed from this very request, so a fan can only erase their own), and forget
// the preferred service this device remembers for the client's pages. Never tracked.
// The buttons are same-origin form posts; a post from another site is refused (and not counted).
// Each address may press each button PRESSES_PER_MINUTE times a minute; beyond, the page says so (429).
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { CONSENT_MAX_AGE_SECONDS } from '../landing/consent.js';
import { fillSlots } from '../landing/layout.js';
import { pickLanguage } from '../landing/messages.js';
import { preferredServiceCookie, preferredServiceOf } from '../landing/preferred-service.js';
import { publicPages, UNAVAILABLE } from '../landing/public-pages.js';
import { cspSources, newNonce, pageHeaders } from '../landing/security-headers.js';
import type { Landing } from '../links/landing-lookup.js';
import { serviceLabel } from '../links/services.js';
import { normalizeIp } from '../tracking/enrich/ip.js';
import { factsFromRequest } from '../tracking/request-facts.js';
import { visitorIds } from '../tracking/visitor.js';
import { describeTarget, erase } from './erasure.js';
import { OPT_OUT_COOKIE, optOutOf } from './opt-out.js';
import { renderPrivacyPage, type PrivacyPageState } from './privacy-page.js';

/** Presses of each button per address and minute (on each node): a fan presses once or twice. */
export const PRESSES_PER_MINUTE = 10;

// A cross-site post is not counted (the limit's allow list): it is refused (landingFor) without
// doing anything, so a page elsewhere that auto-posts the forms cannot use up a fan's presses.
const BUTTON = { config: { rateLimit: { max: PRESSES_PER_MINUTE, timeWindow: '1 minute', allowList: (request: FastifyRequest) => !sameOrigin(request) } } };

export function privacyRoutes({ lookup, config, salts, database }: Pick<Context, 'lookup' | 'config' | 'salts' | 'database'>) {
  const { findLanding, statusPage } = publicPages({ lookup, config });

  /** Today's visitor id of the fan making this request, as the tracker computes it. */
  function visitorOf(request: FastifyRequest, landing: Landing): string {
    const facts = factsFromRequest(request);
    return visitorIds(salts.saltFor(facts.now), facts.now, landing.client.id, landing.smartlink.id, normalizeIp(facts.ip), facts.userAgent).visitor_id;
  }

  /** The page as this fan stands now: opted out or not, and today's reference. */
  function stateOf(request: FastifyRequest, landing: Landing): PrivacyPageState {
    const optOut = optOutOf(request.headers, landing.client.settings.honorGpc !== false);
    return { optOut, reference: optOut ? null : visitorOf(request, landing) };
  }

  /** The name of the service this device remembers for the landing's client, or null. */
  function preferredOf(request: FastifyRequest, landing: Landing): string | null {
    const service = preferredServiceOf(request.headers.cookie, landing.client.id);
    return service === null ? null : serviceLabel(service, landing.smartlink.services.find((s) => s.service === service)?.label);
  }

  function send(request: FastifyRequest, reply: FastifyReply, landing: Landing, state: PrivacyPageState, cookie?: string) {
    const nonce = newNonce();
    const shown = { preferred: preferredOf(request, landing), ...state };
    const page = fillSlots(renderPrivacyPage(landing, pickLanguage(request.headers['accept-language']), shown), { nonce, view: '', noscript: '' });
    if (cookie) reply.header('set-cookie', cookie);
    return reply.headers(pageHeaders(nonce, cspSources({}, [landing.client.branding.logo]), { cacheControl: 'no-store', formAction: "'self'" })).send(page);
  }

  function optOutCookie(request: FastifyRequest, value: '1' | null): string {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return value ? `${OPT_OUT_COOKIE}=1; Max-Age=${CONSENT_MAX_AGE_SECONDS}; Path=/; SameSite=Lax; HttpOnly${secure}` : `${OPT_OUT_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax; HttpOnly${secure}`;
  }

  /** The landing of a privacy request; answers the 404 / 503 / 403 itself when there is none or the post is cross-site. */
  async function landingFor(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply): Promise<Landing | null> {
    const landing = await findLanding(request, request.params.slug);
    if (landing === UNAVAILABLE) return statusPage(request, reply, 'unavailable').then(() => null);
    if (!landing) return statusPage(request, reply, 'not_found').then(() => null);
    if (request.method === 'POST' && !sameOrigin(request)) {
      await statusPage(request, reply, 'not_found', landing.client);
      return null;
    }
    return landing;
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    // The buttons post empty forms: nothing in the body is read.
    app.addContentTypeParser('application/x-www-form-urlencoded', { bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
    await app.register(rateLimit, { global: false });
    // A press beyond the limit gets the page, saying that nothing was done (429, with Retry-After).
    app.setErrorHandler<FastifyError, { Params: { slug: string } }>(async (err, request, reply) => {
      if (err.statusCode !== 429) throw err;
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      return send(request, reply.code(429), landing, { ...stateOf(request, landing), limited: true });
    });

    app.get<{ Params: { slug: string } }>('/privacy/:slug', async (request, reply) => {
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      return send(request, reply, landing, stateOf(request, landing));
    });

    app.post<{ Params: { slug: string } }>('/privacy/:slug/opt-out', BUTTON, async (request, reply) => {
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      return send(request, reply, landing, { optOut: 'cookie', reference: null }, optOutCookie(request, '1'));
    });

    app.post<{ Params: { slug: string } }>('/privacy/:slug/opt-in', BUTTON, async (request, reply) => {
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      const gpc = optOutOf({ ...request.headers, cookie: '' }, landing.client.settings.honorGpc !== false);
      return send(request, reply, landing, { optOut: gpc, reference: gpc ? null : visitorOf(request, landing) }, optOutCookie(request, null));
    });

    app.post<{ Params: { slug: string } }>('/privacy/:slug/forget-service', BUTTON, async (request, reply) => {
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      const cookie = preferredServiceCookie(landing.client.id, null, request.protocol === 'https');
      return send(request, reply, landing, { ...stateOf(request, landing), preferred: null, forgotten: true }, cookie);
    });

    app.post<{ Params: { slug: string } }>('/privacy/:slug/erase', BUTTON, async (request, reply) => {
      const landing = await landingFor(request, reply);
      if (!landing) return reply;
      const visitorId = visitorOf(request, landing);
      const clientId = landing.client.id;
      const erased = await database.db.transaction().execute(async (trx) => {
        const result = await erase(database, clientId, { visitorId }, trx);
        await recordAudit(trx, { actor: 'fan (privacy page)', clientId, action: 'privacy.erase', target: describeTarget({ visitorId }), after: result });
        return result;
      });
      const optOut = optOutOf(request.headers, landing.client.settings.honorGpc !== false);
      return send(request, reply, landing, { optOut, reference: optOut ? null : visitorId, erased: erased.events + erased.confirmations });
    });
  };
}

/** A form post from this very site: its Origin (or, failing that, Sec-Fetch-Site) says so. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin) return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

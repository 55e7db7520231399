// Public routes: the smartlink page and the click redirect. Both record their event on the
// server before answering, so a fan with no JavaScript (or every tag blocked) still counts.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { SERVICE_ID } from '../links/services.js';
import { destinationFor, redirectable } from '../links/smartlink.js';
import { clickVia } from '../tracking/attribution.js';
import { factsFromRequest } from '../tracking/request-facts.js';
import { clickIdFor, MAX_TAP } from '../tracking/view-token.js';
import { inConsentRegion, storedChoice } from './consent.js';
import { fillSlots } from './layout.js';
import { pickLanguage } from './messages.js';
import { renderedLanding, viewJson } from './page.js';
import { newNonce, pageHeaders } from './security-headers.js';
import { publicPages, UNAVAILABLE } from './public-pages.js';
import { createCspReportUrls } from '../monitoring/csp-report-url.js';

/** The page numbers a fan's taps on one service (?n=0, 1, … MAX_TAP): each is its own click. */
function tapNumber(n: unknown): number | null {
  return typeof n === 'string' && /^\d+$/.test(n) && Number(n) <= MAX_TAP ? Number(n) : null;
}

/** A service link followed up to a day after its page was served still counts as a click from that view. */
const CLICK_TOKEN_MAX_AGE_MS = 24 * 3_600_000;

export function landingRoutes({ lookup, tracker, tokens, config }: Pick<Context, 'lookup' | 'tracker' | 'tokens' | 'config'>) {
  const { findLanding, statusPage } = publicPages({ lookup, config });
  const cspReports = createCspReportUrls(config.secret);
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { slug: string } }>('/:slug', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      if (landing === UNAVAILABLE) return statusPage(request, reply, 'unavailable');
      if (!landing) return statusPage(request, reply, 'not_found');
      const { client, smartlink } = landing;
      const { event, stored } = tracker.track(factsFromRequest(request), { type: 'view', client, smartlink, service: null });
      const page = renderedLanding(landing, `${request.protocol}://${request.host}`, pickLanguage(request.headers['accept-language']));
      const nonce = newNonce();
      // An opted-out fan gets no tag at all, and says "denied" to any that a GTM container might add.
      const optedOut = event.opt_out !== null;
      const consent = optedOut
        ? { required: true, choice: 'denied' as const }
        : { required: page.hasTags && inConsentRegion(client.consentRegions, event.country), choice: storedChoice(request.headers.cookie) };
      const token = tokens.sign(event.event_id, smartlink.id);
      const view = viewJson({ v: token, event_id: event.event_id, session_id: event.session_id, consent, opt_out: optedOut });
      // Without JavaScript there is no banner to ask with: the no-JS tags only where no consent is needed, or was given.
      const noscript = !consent.required || consent.choice === 'granted' ? page.noscript : '';
      const body = fillSlots(page.template, { nonce, view, noscript, token });
      await stored;
      return reply.headers(pageHeaders(nonce, page.csp, { report: { path: cspReports.path(client.id), reportingApi: request.protocol === 'https' } })).send(body);
    });

    app.get<{ Params: { slug: string; service: string }; Querystring: { v?: unknown; n?: unknown } }>('/:slug/:service', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      if (landing === UNAVAILABLE) return statusPage(request, reply, 'unavailable');
      const service = request.params.service.toLowerCase();
      const link = SERVICE_ID.test(service) ? landing?.smartlink.services.find((s) => s.service === service) : undefined;
      if (!landing || !link) return statusPage(request, reply, 'not_found', landing?.client);
      const { client, smartlink } = landing;
      const token = request.query.v;
      const viewId = typeof token === 'string' ? tokens.verify(token, smartlink.id, CLICK_TOKEN_MAX_AGE_MS) : null;
      const tap = tapNumber(request.query.n);
      // The page's own tap (a GET with its token and tap number) gets the id the page computed.
      const pageTap = viewId !== null && tap !== null && request.method === 'GET';
      // Only to a destination that makes a valid Location: an http(s) URL, normalised (checked on save; again here, before anything is recorded).
      if (!redirectable(link)) return statusPage(request, reply, 'not_found', client);
      const facts = factsFromRequest(request);
      const { event, stored } = tracker.track(facts, {
        type: 'click',
        client,
        smartlink,
        service,
        via: clickVia(viewId, tap, facts, smartlink.slug),
        ...(pageTap ? { eventId: clickIdFor(viewId, service, tap) } : {}),
      });
      const destination = destinationFor(link, event.country);
      await stored;
      return reply.code(302).headers({ location: destination, 'cache-control': 'no-store', 'referrer-policy': 'origin' }).send();
    });

    // Any other path: branded by the smartlink its first segment names, if there is one.
    app.setNotFoundHandler(async (request, reply) => {
      const landing = await findLanding(request, request.url.split(/[/?#]/)[1] ?? '');
      return statusPage(request, reply, 'not_found', landing && landing !== UNAVAILABLE ? landing.client : null);
    });
  };
}

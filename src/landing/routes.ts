// Public routes: the smartlink page and the click redirect. Both record their event on the
// server before answering, so a fan with no JavaScript (or every tag blocked) still counts.
// The page shows the services the fan's country and system call for (links/routing.ts), or, for a
// fan who asked to remember a service on a client that skips the page, goes straight to it
// (preferred-service.ts: the view and the click both recorded) unless the link says `?choose`.
// A click is answered with the service's app where an in-app browser needs it (app-open.ts), else
// a plain 302.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import type { Landing } from '../links/landing-lookup.js';
import type { Client } from '../tenants/client.js';
import { fanOs, servicesFor } from '../links/routing.js';
import { SERVICE_ID, serviceLabel } from '../links/services.js';
import { destinationFor, redirectable, RESERVED_SLUGS, type ServiceLink } from '../links/smartlink.js';
import { clickVia } from '../tracking/attribution.js';
import type { TrackedEvent } from '../tracking/event.js';
import { factsFromRequest } from '../tracking/request-facts.js';
import { clickIdFor, MAX_TAP } from '../tracking/view-token.js';
import { renderAppInterstitial } from './app-interstitial.js';
import { serviceAnswer } from './app-open.js';
import { inConsentRegion, storedChoice } from './consent.js';
import { fillSlots } from './layout.js';
import { pickLanguage } from './messages.js';
import { renderedLanding, viewJson } from './page.js';
import { CHOOSE, preferredServiceCookie, preferredServiceOf, skipTarget, tappedOnPage } from './preferred-service.js';
import { cspSources, newNonce, pageHeaders } from './security-headers.js';
import { publicPages, UNAVAILABLE } from './public-pages.js';
import { createCspReportUrls } from '../monitoring/csp-report-url.js';

/** The page numbers a fan's taps on one service (?n=0, 1, … MAX_TAP): each is its own click. */
function tapNumber(n: unknown): number | null {
  return typeof n === 'string' && /^\d+$/.test(n) && Number(n) <= MAX_TAP ? Number(n) : null;
}

/** A service link followed up to a day after its page was served still counts as a click from that view. */
const CLICK_TOKEN_MAX_AGE_MS = 24 * 3_600_000;

/** A recorded click: its event, and when it is committed. */
interface Click {
  readonly event: TrackedEvent;
  readonly stored: Promise<void>;
}

export function landingRoutes({ lookup, tracker, tokens, config }: Pick<Context, 'lookup' | 'tracker' | 'tokens' | 'config'>) {
  const { findLanding, pageSlug, statusPage, missingPage } = publicPages({ lookup, config });
  const cspReports = createCspReportUrls(config.secret);
  // A client's report path, signed once per client as loaded (an HMAC per page otherwise).
  const reportPaths = new WeakMap<Client, string>();
  const reportPath = (client: Client): string => {
    let path = reportPaths.get(client);
    if (path === undefined) reportPaths.set(client, (path = cspReports.path(client.id)));
    return path;
  };

  /**
   * Sends the fan to a (redirectable) service once the click is stored: the plain 302, the
   * Android intent URL, or the page that tries the iOS app first (app-open.ts).
   */
  async function toService(request: FastifyRequest, reply: FastifyReply, { client, smartlink }: Landing, link: ServiceLink, click: Click, cookie: string | null) {
    const web = destinationFor(link, click.event.country);
    const answer = serviceAnswer(link, web, { inApp: click.event.in_app, os: fanOs(click.event.os), country: click.event.country }, config.appOpening);
    await click.stored;
    if (cookie) reply.header('set-cookie', cookie);
    if (answer.kind !== 'app-uri') return reply.code(302).headers({ location: answer.location, 'cache-control': 'no-store', 'referrer-policy': 'origin' }).send();
    const nonce = newNonce();
    const lang = pickLanguage(request.headers['accept-language']);
    const page = fillSlots(renderAppInterstitial(client, lang, serviceLabel(link.service, link.label), answer.appUri, answer.web, `/${smartlink.slug}?${CHOOSE}`), { nonce });
    return reply.headers({ ...pageHeaders(nonce, cspSources({}, [client.branding.logo]), { cacheControl: 'no-store' }), 'referrer-policy': 'origin' }).send(page);
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/:slug', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      if (landing === UNAVAILABLE) return statusPage(request, reply, 'unavailable');
      if (!landing) return missingPage(request, reply, request.params.slug);
      const { client, smartlink } = landing;
      const facts = factsFromRequest(request);
      const { event, stored } = tracker.track(facts, { type: 'view', client, smartlink, service: null });
      const services = servicesFor(smartlink, { country: event.country, os: fanOs(event.os) });
      // A fan's remembered service, on a client that skips the page: never for a bot, a prefetch or a HEAD (excluded views), nor with ?choose.
      const preferred = preferredServiceOf(request.headers.cookie, client.id);
      const skips = client.settings.skipToPreferredService === true && event.excluded_reason === null && !Object.hasOwn(request.query, CHOOSE);
      const skipTo = skips ? skipTarget(services, preferred) : null;
      if (skipTo && redirectable(skipTo)) {
        const click = tracker.track(facts, { type: 'click', client, smartlink, service: skipTo.service, via: { viewId: event.event_id }, eventId: clickIdFor(event.event_id, skipTo.service) });
        await stored;
        return toService(request, reply, landing, skipTo, click, null);
      }
      const page = renderedLanding(landing, { origin: `${request.protocol}://${request.host}`, lang: pickLanguage(request.headers['accept-language']), services, preferred });
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
      const forgets = page.forgets ? { formAction: "'self'" } : {}; // the remembered service's Forget button posts to this host
      return reply.headers(pageHeaders(nonce, page.csp, { ...forgets, report: { path: reportPath(client), reportingApi: request.protocol === 'https' } })).send(body);
    });

    app.get<{ Params: { slug: string; service: string }; Querystring: { v?: unknown; n?: unknown; r?: unknown } }>('/:slug/:service', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      if (landing === UNAVAILABLE) return statusPage(request, reply, 'unavailable');
      const service = request.params.service.toLowerCase();
      const link = SERVICE_ID.test(service) ? landing?.smartlink.services.find((s) => s.service === service) : undefined;
      if (!landing) return missingPage(request, reply, request.params.slug);
      if (!link) return statusPage(request, reply, 'not_found', landing.client);
      const { client, smartlink } = landing;
      const token = request.query.v;
      const viewId = typeof token === 'string' ? tokens.verify(token, smartlink.id, CLICK_TOKEN_MAX_AGE_MS) : null;
      const tap = tapNumber(request.query.n);
      // The page's own tap (a GET with its token and tap number) gets the id the page computed.
      const pageTap = viewId !== null && tap !== null && request.method === 'GET';
      // Only to a destination that makes a valid Location: an http(s) URL, normalised (checked on save; again here, before anything is recorded).
      if (!redirectable(link)) return statusPage(request, reply, 'not_found', client);
      const facts = factsFromRequest(request);
      const click = tracker.track(facts, {
        type: 'click',
        client,
        smartlink,
        service,
        via: clickVia(viewId, tap, facts, smartlink.slug),
        ...(pageTap ? { eventId: clickIdFor(viewId, service, tap) } : {}),
      });
      // "Remember my choice" ticked on the page: only the page's own tap (its token and tap number,
      // a same-origin navigation from this page) sets it, never a shared link, even one copied with its token.
      const remember = pageTap && request.query.r === '1' && tappedOnPage(facts, smartlink.slug) ? preferredServiceCookie(client.id, service, request.protocol === 'https') : null;
      return toService(request, reply, landing, link, click, remember);
    });

    // A smartlink's path with a trailing slash (/demo/): one canonical address, the query kept.
    app.get<{ Params: { slug: string } }>('/:slug/', async (request, reply) => {
      const slug = pageSlug(request, request.params.slug);
      if (slug === null || RESERVED_SLUGS.has(slug)) return missingPage(request, reply, request.params.slug);
      const query = request.url.indexOf('?');
      return reply.code(301).headers({ location: `/${slug}${query < 0 ? '' : request.url.slice(query)}`, 'cache-control': 'max-age=3600' }).send();
    });

    // Any other path: branded by the smartlink its first segment names, if there is one.
    app.setNotFoundHandler(async (request, reply) => {
      const landing = await findLanding(request, request.url.split(/[/?#]/)[1] ?? '');
      return statusPage(request, reply, 'not_found', landing && landing !== UNAVAILABLE ? landing.client : null);
    });
  };
}

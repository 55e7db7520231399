// Public routes: the smartlink page and the click redirect. Both record their event on the
// server before answering, so a fan with no JavaScript (or every tag blocked) still counts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Landing, LandingLookup } from '../links/landing-lookup.js';
import { SERVICE_ID } from '../links/services.js';
import { destinationFor, SLUG } from '../links/smartlink.js';
import { isHttpUrl } from '../links/url.js';
import type { Client } from '../tenants/client.js';
import { factsFromRequest } from '../tracking/request-facts.js';
import type { Tracker } from '../tracking/tracker.js';
import { renderNotFound } from './not-found.js';
import { fillNonce } from './layout.js';
import { pageTemplate } from './page.js';
import { newNonce, pageHeaders } from './security-headers.js';

export interface LandingDeps {
  readonly lookup: LandingLookup;
  readonly tracker: Tracker;
}

export function landingRoutes({ lookup, tracker }: LandingDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { slug: string } }>('/:slug', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      if (!landing) return notFound(request, reply);
      const facts = factsFromRequest(request);
      const { stored } = tracker.track(facts, { type: 'view', client: landing.client, smartlink: landing.smartlink, service: null });
      const nonce = newNonce();
      const page = fillNonce(pageTemplate(landing, `${request.protocol}://${request.host}`), nonce);
      await stored;
      return reply.headers(pageHeaders(nonce)).send(page);
    });

    app.get<{ Params: { slug: string; service: string } }>('/:slug/:service', async (request, reply) => {
      const landing = await findLanding(request, request.params.slug);
      const service = request.params.service.toLowerCase();
      const link = SERVICE_ID.test(service) ? landing?.smartlink.services.find((s) => s.service === service) : undefined;
      if (!landing || !link) return notFound(request, reply, landing?.client);
      const facts = factsFromRequest(request);
      const { event, stored } = tracker.track(facts, { type: 'click', client: landing.client, smartlink: landing.smartlink, service });
      const destination = destinationFor(link, event.country);
      await stored;
      if (!isHttpUrl(destination)) return notFound(request, reply, landing.client); // never redirect to a non-web scheme
      return reply.code(302).headers({ location: destination, 'cache-control': 'no-store', 'referrer-policy': 'origin' }).send();
    });

    app.setNotFoundHandler((request, reply) => notFound(request, reply));

    async function findLanding(request: FastifyRequest, rawSlug: string): Promise<Landing | null> {
      const slug = rawSlug.toLowerCase();
      return SLUG.test(slug) ? lookup.find(request.hostname.toLowerCase(), slug) : null;
    }

    async function notFound(request: FastifyRequest, reply: FastifyReply, client?: Client | null) {
      const brand = client ?? (await lookup.domainClient(request.hostname.toLowerCase()).catch(() => null));
      const nonce = newNonce();
      return reply.code(404).headers(pageHeaders(nonce)).send(fillNonce(renderNotFound(brand), nonce));
    }
  };
}

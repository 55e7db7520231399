// POST /e: the browser confirms that Engine 2 ran for a view or a click — which tags loaded, were
// blocked or are not configured, and the consent state. Accepted only with a view token the
// server signed for that smartlink within the hour; stored as a `client` event (through the same
// writer, so it survives a database outage) and copied onto the confirmed event. A second
// confirmation of the same event changes nothing. The page script runs only once a page is shown,
// so a view's beacon also proves that a prefetched or prerendered view was seen. The body is never
// a source of IP or user agent: those come from the request, like for any event. Each address may
// send BEACONS_PER_MINUTE, and a view confirms at most CONFIRMED_TAPS taps of each service: a view
// token cannot fill the table with confirmations of taps no fan made.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { noContent, ref, withErrors } from '../api/responses.js';
import { requestHost } from '../host.js';
import { SLUG } from '../links/smartlink.js';
import { factsFromRequest } from './request-facts.js';
import type { Context } from '../context.js';
import { clickIdFor, MAX_TAP } from './view-token.js';

type TagState = 'loaded' | 'blocked' | 'not_configured';

interface Beacon {
  readonly v: string;
  readonly s: string;
  readonly kind: 'view' | 'click';
  readonly service?: string;
  readonly tap?: number;
  readonly tags: Readonly<Record<'gtm' | 'ga4' | 'meta' | 'tiktok', TagState>>;
  readonly consent: 'granted' | 'denied' | 'pending' | 'not_required';
}

const TAG_STATE = { type: 'string', enum: ['loaded', 'blocked', 'not_configured'] } as const;

export const BEACON = {
  $id: 'Beacon',
  type: 'object',
  description: "The page script's confirmation of a view or a click: which tags loaded and the consent state",
  required: ['v', 's', 'kind', 'tags', 'consent'],
  additionalProperties: false, // anything else (an "ip", a "userAgent"…) is dropped
  properties: {
    v: { type: 'string', maxLength: 100, description: 'The view token the page was served with' },
    s: { type: 'string', maxLength: 64, description: "The smartlink's slug" },
    kind: { type: 'string', enum: ['view', 'click'] },
    service: { type: 'string', maxLength: 32, description: 'The service tapped (a click)' },
    tap: { type: 'integer', minimum: 0, maximum: MAX_TAP, description: 'Which tap of that service, from 0 (a click)' },
    tags: {
      type: 'object',
      description: 'What became of each tag on the page',
      required: ['gtm', 'ga4', 'meta', 'tiktok'],
      additionalProperties: false,
      properties: { gtm: TAG_STATE, ga4: TAG_STATE, meta: TAG_STATE, tiktok: TAG_STATE },
    },
    consent: { type: 'string', enum: ['granted', 'denied', 'pending', 'not_required'] },
  },
} as const;

const BEACON_MAX_AGE_MS = 3_600_000;

/**
 * Beacons per address and minute (on each node). Generous: carrier-grade NAT puts many fans behind
 * one address, and each fan's page sends one beacon for the view and one per tap.
 */
export const BEACONS_PER_MINUTE = 600;

/** Taps of one service a view may confirm (taps 0 to CONFIRMED_TAPS - 1): each tap leaves the page, so a fan makes a few. */
export const CONFIRMED_TAPS = 20;

export function beaconRoutes({ lookup, tracker, tokens }: Pick<Context, 'lookup' | 'tracker' | 'tokens'>) {
  return async function routes(app: FastifyInstance): Promise<void> {
    await app.register(rateLimit, { global: false });
    app.post<{ Body: Beacon }>(
      '/e',
      {
        schema: {
          operationId: 'sendBeacon',
          tags: ['tracking'],
          summary: "The smartlink page's confirmation of a view or a click (sent by the page itself, with navigator.sendBeacon)",
          security: [],
          body: ref(BEACON),
          response: withErrors({ 204: noContent('Stored (or already stored: a second confirmation changes nothing)') }, [400, 403, 404, 413, 415, 429], {
            400: 'Not a beacon, or a click of a service the smartlink does not have',
            403: 'Unknown or expired view token for this smartlink (tokens last an hour)',
            404: 'No live smartlink with that slug on this host',
            413: 'Over 4 KB',
            429: `Over ${BEACONS_PER_MINUTE} beacons a minute from this address, or a view confirming more than ${CONFIRMED_TAPS} taps of a service`,
          }),
        },
        bodyLimit: 4096, config: { rateLimit: { max: BEACONS_PER_MINUTE, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const beacon = request.body;
        const slug = beacon.s.toLowerCase();
        const landing = SLUG.test(slug) ? await lookup.find(requestHost(request), slug) : null;
        if (!landing) return reply.code(404).send({ error: 'not_found', message: `no live smartlink "${beacon.s}"` });
        const { client, smartlink } = landing;
        const viewId = tokens.verify(beacon.v, smartlink.id, BEACON_MAX_AGE_MS);
        if (!viewId) return reply.code(403).send({ error: 'forbidden', message: 'unknown or expired view token for this smartlink' });
        const service = beacon.kind === 'click' ? beacon.service : undefined;
        if (beacon.kind === 'click' && !smartlink.services.some((s) => s.service === service)) {
          return reply.code(400).send({ error: 'bad_request', message: `service "${String(service)}" is not on this smartlink` });
        }
        const tap = beacon.tap ?? 0;
        if (service && tap >= CONFIRMED_TAPS) {
          return reply.code(429).send({ error: 'rate_limited', message: `a view confirms at most ${CONFIRMED_TAPS} taps of a service: tap ${tap} is not stored` });
        }
        const { stored } = tracker.track(factsFromRequest(request), {
          type: 'client',
          client,
          smartlink,
          service: service ?? null,
          confirmation: {
            confirms: service ? clickIdFor(viewId, service, tap) : viewId,
            client_tags: JSON.stringify({ gtm: beacon.tags.gtm, ga4: beacon.tags.ga4, meta: beacon.tags.meta, tiktok: beacon.tags.tiktok }),
            client_consent: beacon.consent,
          },
        });
        await stored;
        return reply.code(204).send();
      },
    );
  };
}

// /api/v1/catalogue/resolve: a pasted link, UPC or ISRC → the release with every service it was
// found on (src/catalogue/); /api/v1/smartlinks/{id}/rescan: a saved smartlink resolved again, the
// services that appeared since added. Both are writes (master, a client's editors and admins; not
// viewers or read-only keys), limited per client: each costs several calls to outside APIs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import { createCatalogue } from '../catalogue/catalogue.js';
import { BadQuery } from '../catalogue/query.js';
import { planRescan, rescanQuery } from '../catalogue/rescan.js';
import { ResolveFailed } from '../catalogue/resolve.js';
import type { Context } from '../context.js';
import { createOutbound } from '../delivery/outbound.js';
import { getSmartlink, updateSmartlink } from '../links/smartlink.js';
import { CATALOGUE_QUERY, CATALOGUE_RELEASE, RESCAN_RESULT } from './catalogue-schemas.js';
import { ApiError, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ok, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS } from './schemas.js';

/** Resolves (and rescans) a client may ask for a minute: each asks up to five APIs, several times. */
const PER_MINUTE = 20;

const perClient = {
  max: PER_MINUTE,
  timeWindow: '1 minute',
  hook: 'preHandler', // after authentication: the key is the caller's client
  keyGenerator: (request: FastifyRequest) => {
    const { principal, scope } = caller(request);
    return `catalogue:${scope.clientId ?? `master:${principal.id}`}`;
  },
} as const;

const ERRORS = {
  400: 'The query is not a supported URL, a UPC or an ISRC (bad_query: the message says what is), or another invalid field',
  422: 'No provider knows the release (not_found; details.providers says how each answered)',
  429: 'Too many resolves for this client this minute',
  502: 'No provider could answer: each was down, refused or rate-limited (providers_unavailable; details.providers)',
} as const;

/** The resolver's refusals as API errors; nothing else is caught. */
function asApiError(err: unknown): never {
  if (err instanceof BadQuery) throw new ApiError(400, 'bad_query', err.message);
  if (err instanceof ResolveFailed) {
    throw new ApiError(err.reason === 'not_found' ? 422 : 502, err.reason, err.message, { providers: err.providers });
  }
  throw err;
}

export function catalogueRoutes({ database, lookup, config }: Pick<Context, 'database' | 'lookup' | 'config'>) {
  const db = database.db;
  const catalogue = createCatalogue(config.catalogue, createOutbound(config.outboundAllow, config.outboundCa));

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { query: string; countries?: string[] } }>(
      '/catalogue/resolve',
      {
        config: { rateLimit: perClient },
        schema: {
          operationId: 'resolveCatalogue',
          tags: ['catalogue'],
          summary: 'Resolve a release or track URL, a UPC or an ISRC: title, artist, artwork, release date, and every service it is on',
          body: ref(CATALOGUE_QUERY),
          response: withErrors({ 200: ok(CATALOGUE_RELEASE, 'The release; services with their source and confidence, missing ones listed, each provider’s status') }, [...WRITE_BODY, 422, 429, 502], ERRORS),
        },
      },
      async (request) => catalogue.resolve(request.body.query, { countries: request.body.countries }).catch(asApiError),
    );

    app.post<{ Params: { id: string } }>(
      '/smartlinks/:id/rescan',
      {
        config: { rateLimit: perClient },
        schema: {
          operationId: 'rescanSmartlink',
          tags: ['catalogue', 'smartlinks'],
          summary: 'Resolve a smartlink again and add the services found since (low-confidence ones are returned for review, not saved)',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(RESCAN_RESULT, 'The smartlink as saved, the services added, and those to review') }, [...WRITE, 404, 409, 422, 429, 502], {
            ...ERRORS,
            409: 'The smartlink has no catalogue identity (catalogue: a UPC, an ISRC or a source link) to resolve again (no_catalogue)',
          }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const current = await getSmartlink(db, scope, request.params.id);
        if (!current) throw notFound(`smartlink ${request.params.id}`);
        const query = rescanQuery(current.catalogue);
        if (!query) throw new ApiError(409, 'no_catalogue', 'This smartlink was filled by hand: it has no UPC, ISRC or source link to resolve again. Resolve it once in the editor (or set catalogue) first.');
        const release = await catalogue.resolve(query, { fresh: true }).catch(asApiError);
        const plan = planRescan(current, release);
        const smartlink = await db
          .transaction()
          .execute(async (trx) => {
            const updated = await updateSmartlink(trx, current, { services: plan.services, catalogue: { ...current.catalogue, resolvedAt: Date.now() } });
            await recordAudit(trx, { actor: actorOf(principal), clientId: current.clientId, action: 'smartlink.rescan', target: current.id, before: current, after: updated });
            return updated;
          })
          .finally(() => lookup.invalidate());
        return { smartlink, added: plan.added, review: plan.review };
      },
    );
  };
}

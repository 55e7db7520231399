// /api/v1/catalogue/resolve: a pasted link, UPC or ISRC → the release with every service it was
// found on (src/catalogue/); /api/v1/smartlinks/{id}/rescan: a saved smartlink resolved again, the
// services that appeared since added. Both are writes (master, a client's editors and admins; not
// viewers or read-only keys), limited per client: each costs several calls to outside APIs, whose
// quotas every client shares (a rescan, which nobody waits on while typing, far more strictly).
// A rescan resolves outside any transaction (it takes seconds), then plans its additions on the
// smartlink as it is at the moment of writing: edits saved meanwhile are kept.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import { createCatalogue } from '../catalogue/catalogue.js';
import { BadQuery } from '../catalogue/query.js';
import { planRescan, RESCAN_MAX_AGE_MS, rescanQuery } from '../catalogue/rescan.js';
import { ResolveFailed } from '../catalogue/resolve.js';
import type { Context } from '../context.js';
import { createOutbound } from '../delivery/outbound.js';
import type { Dialect } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { notACountry, toCountryCode } from '../links/country.js';
import { getSmartlink, updateSmartlink } from '../links/smartlink.js';
import type { TenantScope } from '../tenants/scope.js';
import { CATALOGUE_QUERY, CATALOGUE_RELEASE, RESCAN_RESULT } from './catalogue-schemas.js';
import { ApiError, conflict, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ok, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS } from './schemas.js';

/** Resolves a client may ask for a minute: each asks up to five APIs, several times. */
const RESOLVES_PER_MINUTE = 20;
/** Rescans a client may ask for a minute: a release reaches new services over days, and each rescan spends the shared quotas. */
const RESCANS_PER_MINUTE = 2;

/** Whose turn it is: the caller's client (master: the principal), for the route limits and the providers' queues. */
function clientKey(request: FastifyRequest): string {
  const { principal, scope } = caller(request);
  return scope.clientId ?? `master:${principal.id}`;
}

const perClient = (name: string, max: number) =>
  ({
    max,
    timeWindow: '1 minute',
    hook: 'preHandler', // after authentication: the key is the caller's client
    keyGenerator: (request: FastifyRequest) => `${name}:${clientKey(request)}`,
  }) as const;

/**
 * The smartlink as it is now, in the transaction about to write it: on PostgreSQL its row is locked
 * first, so a save running at the same moment waits for the rescan (SQLite writes one at a time).
 */
async function lockedSmartlink(trx: Kysely<Schema>, dialect: Dialect, scope: TenantScope, id: string) {
  const lock = trx.selectFrom('smartlinks').select('id').where('id', '=', id);
  await (dialect === 'postgres' ? lock.forUpdate() : lock).execute();
  return getSmartlink(trx, scope, id);
}

const ERRORS = {
  400: 'The query is not a supported URL, a UPC or an ISRC (bad_query: the message says what is), or another invalid field',
  422: 'No provider knows the release (not_found; details.providers says how each answered)',
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

  /** A storefront country asked for, upper case; a 400 naming one that is no country. */
  const storefront = (code: string, i: number): string => {
    const country = toCountryCode(code);
    if (country === null) throw new ApiError(400, 'invalid', `countries: ${notACountry(code)}`, [{ instancePath: `/countries/${i}`, message: notACountry(code) }]);
    return country;
  };

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: { query: string; countries?: string[] } }>(
      '/catalogue/resolve',
      {
        config: { rateLimit: perClient('resolve', RESOLVES_PER_MINUTE) },
        schema: {
          operationId: 'resolveCatalogue',
          tags: ['catalogue'],
          summary: 'Resolve a release or track URL, a UPC or an ISRC: title, artist, artwork, release date, and every service it is on',
          body: ref(CATALOGUE_QUERY),
          response: withErrors({ 200: ok(CATALOGUE_RELEASE, 'The release; services with their source and confidence, missing ones listed, each provider’s status') }, [...WRITE_BODY, 422, 429, 502], {
            ...ERRORS,
            429: `Too many resolves for this client this minute (${RESOLVES_PER_MINUTE})`,
          }),
        },
      },
      async (request) => catalogue.resolve(request.body.query, { client: clientKey(request), countries: request.body.countries?.map(storefront) }).catch(asApiError),
    );

    app.post<{ Params: { id: string } }>(
      '/smartlinks/:id/rescan',
      {
        config: { rateLimit: perClient('rescan', RESCANS_PER_MINUTE) },
        schema: {
          operationId: 'rescanSmartlink',
          tags: ['catalogue', 'smartlinks'],
          summary: 'Resolve a smartlink again and add the services found since (low-confidence ones are returned for review, not saved)',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(RESCAN_RESULT, 'The smartlink as saved, the services added, and those to review') }, [...WRITE, 404, 409, 422, 429, 502], {
            ...ERRORS,
            429: `Too many rescans for this client this minute (${RESCANS_PER_MINUTE})`,
            409: 'The smartlink has no catalogue identity (catalogue: a UPC, an ISRC or a source link) to resolve again (no_catalogue), or its catalogue identity was changed while the rescan ran (conflict: try again)',
          }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const current = await getSmartlink(db, scope, request.params.id);
        if (!current) throw notFound(`smartlink ${request.params.id}`);
        const query = rescanQuery(current.catalogue);
        if (!query) throw new ApiError(409, 'no_catalogue', 'This smartlink was filled by hand: it has no UPC, ISRC or source link to resolve again. Resolve it once in the editor (or set catalogue) first.');
        const release = await catalogue.resolve(query, { client: clientKey(request), maxAgeMs: RESCAN_MAX_AGE_MS }).catch(asApiError);
        // The resolve took seconds: plan on the smartlink as it is now, not as it was read above.
        const { smartlink, plan } = await db
          .transaction()
          .execute(async (trx) => {
            const fresh = await lockedSmartlink(trx, database.dialect, scope, current.id);
            if (!fresh) throw notFound(`smartlink ${current.id}`);
            if (rescanQuery(fresh.catalogue) !== query) throw conflict('the smartlink changed during the rescan (its catalogue identity is not the one resolved); try again');
            const plan = planRescan(fresh, release);
            const updated = await updateSmartlink(trx, fresh, { services: plan.services, catalogue: { ...fresh.catalogue, resolvedAt: Date.now() } });
            await recordAudit(trx, { actor: actorOf(principal), clientId: fresh.clientId, action: 'smartlink.rescan', target: fresh.id, before: fresh, after: updated });
            return { smartlink: updated, plan };
          })
          .finally(() => lookup.invalidate());
        return { smartlink, added: plan.added, review: plan.review };
      },
    );
  };
}

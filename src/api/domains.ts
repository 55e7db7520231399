// /api/v1/clients/{id}/domain: the verification of a client's custom domain (src/tenants/
// domain-verification.ts) — what to set up (a DNS TXT record, or the HTTP path Duotrack answers
// itself), and checking it. Master and the client's own users read it; master and the client's
// admins (not viewers, not read-only keys) run the check. The domain itself is set with PATCH
// /clients/{id}, by master.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import type { Context } from '../context.js';
import { createOutbound } from '../delivery/outbound.js';
import { getClient, type Client } from '../tenants/client.js';
import { createDomainChecks } from '../tenants/domain-checks.js';
import { checkDomain, domainVerification, recordCheck, type DomainVerification } from '../tenants/domain-verification.js';
import { ApiError, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ok, READ, withErrors, WRITE } from './responses.js';
import { ID_PARAMS } from './schemas.js';

const nullableInteger = { type: 'integer', nullable: true } as const;

export const DOMAIN_VERIFICATION = {
  $id: 'DomainVerification',
  type: 'object',
  description: "The verification of a client's custom domain. It is served (pages, TLS certificate) once verified, while the client may use custom domains.",
  required: ['domain', 'status', 'served', 'dns', 'http', 'verifiedAt', 'method', 'checkedAt', 'failure'],
  properties: {
    domain: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'verified'], description: 'pending until a check passes; a new domain starts pending again' },
    served: { type: 'boolean', description: 'Verified, and settings.allowCustomDomains is on: the domain serves this client’s smartlinks' },
    dns: {
      type: 'object',
      description: 'The DNS method: create this TXT record',
      required: ['name', 'type', 'value'],
      properties: { name: { type: 'string', description: '_duotrack.<domain>' }, type: { type: 'string', enum: ['TXT'] }, value: { type: 'string', description: 'duotrack-verify=<token>' } },
    },
    http: {
      type: 'object',
      description: 'The HTTP method: point the domain at Duotrack; it answers this URL itself',
      required: ['url', 'body'],
      properties: { url: { type: 'string', description: 'http://<domain>/.well-known/duotrack-verify/<token>' }, body: { type: 'string', description: 'What the URL must answer (status 200)' } },
    },
    verifiedAt: { ...nullableInteger, description: 'When a check passed (epoch ms)' },
    method: { type: 'string', enum: ['dns', 'http', 'grandfathered'], nullable: true, description: 'The method that passed; grandfathered: the domain was set before verification existed, and kept being served' },
    checkedAt: { ...nullableInteger, description: 'The last check (epoch ms)' },
    failure: { type: 'string', nullable: true, description: 'What the last failed check looked up and found' },
  },
} as const;

const NO_DOMAIN = 'No such client visible to the caller, or the client has no custom domain';

/** Checks a domain at most this often per client (each check makes DNS queries and an HTTP request). */
const CHECKS_PER_MINUTE = 10;

/**
 * Whose budget a check spends: the client's, when the caller sees it (master, the client's own
 * users and keys); the caller's own otherwise, so that another tenant's attempts (answered 404)
 * cost the client nothing. Runs after authentication (the API's onRequest hook comes first).
 */
function checkBudget(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  const { principal, scope } = caller(request);
  return scope.sees(id) ? `domain-verify:${id}` : `domain-verify:${actorOf(principal)}:${id}`;
}

export function domainRoutes({ database, lookup, config }: Pick<Context, 'database' | 'lookup' | 'config'>) {
  const db = database.db;
  const checks = createDomainChecks({ dnsServers: config.dnsServers, httpPort: config.domainVerifyHttpPort, outbound: createOutbound(config.outboundAllow, config.outboundCa) });

  /** The client's domain verification, if the caller sees the client and it has a domain; 404 otherwise. */
  async function verificationOf(id: string, sees: (clientId: string) => boolean): Promise<{ client: Client; verification: DomainVerification }> {
    const client = sees(id) ? await getClient(db, id) : undefined;
    if (!client) throw notFound(`client ${id}`);
    const verification = await domainVerification(db, client);
    if (!verification) throw new ApiError(404, 'not_found', `client ${id} has no custom domain (master sets it: PATCH /api/v1/clients/${id} with "domain")`);
    return { client, verification };
  }

  const view = (client: Client, v: DomainVerification) => {
    const { clientId: _, ...shown } = v;
    return { ...shown, served: v.status === 'verified' && client.settings.allowCustomDomains };
  };

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>(
      '/clients/:id/domain',
      {
        schema: {
          operationId: 'getClientDomain',
          tags: ['clients'],
          summary: "The verification of a client's custom domain",
          description: 'Its status, and what to set up for either method: a DNS TXT record, or the domain pointed at Duotrack (which answers the HTTP URL itself).',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(DOMAIN_VERIFICATION, 'The domain, its status and its setup') }, [...READ, 404], { 404: NO_DOMAIN }),
        },
      },
      async (request) => {
        const { client, verification } = await verificationOf(request.params.id, caller(request).scope.sees);
        return view(client, verification);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/clients/:id/domain/verify',
      {
        config: { rateLimit: { max: CHECKS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: checkBudget } },
        schema: {
          operationId: 'verifyClientDomain',
          tags: ['clients'],
          summary: "Check a client's custom domain now",
          description: 'Looks up the TXT record and fetches the HTTP URL (both at once); verified when either holds the token. A verified domain is not checked again.',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(DOMAIN_VERIFICATION, 'Verified (now, or already)') }, [...WRITE, 404, 422, 429], {
            404: NO_DOMAIN,
            422: 'Not verified (error not_verified): the message says what was looked up and found; `details` holds the verification',
            429: `More than ${CHECKS_PER_MINUTE} checks of this client's domain in a minute`,
          }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const { client, verification } = await verificationOf(request.params.id, scope.sees);
        if (verification.status === 'verified') return view(client, verification);
        const result = await checkDomain(checks, verification);
        const after = await db.transaction().execute(async (trx) => {
          const checked = await recordCheck(trx, verification, result);
          const audited = { domain: checked.domain, status: checked.status, method: checked.method, failure: checked.failure };
          await recordAudit(trx, { actor: actorOf(principal), clientId: client.id, action: 'client.domain_verify', target: client.id, before: { domain: verification.domain, status: verification.status }, after: audited });
          return checked;
        });
        if (after.status !== 'verified') throw new ApiError(422, 'not_verified', `${after.domain} is not verified: ${after.failure ?? 'not checked'}`, view(client, after));
        lookup.invalidate(); // every node serves the domain now
        return view(client, after);
      },
    );
  };
}

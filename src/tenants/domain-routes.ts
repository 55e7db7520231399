// The public side of custom domains, outside /api/v1:
//  - GET /.well-known/duotrack-verify/<token>: the HTTP verification answer, on the pending
//    domain's own Host (domain-verification.ts);
//  - GET /tls/ask?domain=<name>: Caddy's on-demand TLS `ask` — 200 when Duotrack serves that name
//    (a verified custom domain of a client allowed custom domains, or APP_HOST), 404 otherwise, 400
//    without a name. Caddy asks at every handshake for a name it has no certificate for, so the
//    answer comes from the set of served domains the smartlink lookup keeps (invalidated on every
//    node by any change): a flood of made-up names costs no database read and no cache entry.
//    Answered only to a direct caller on loopback or a TRUST_PROXY address (listed addresses or
//    ranges; with TRUST_PROXY=true or a hop count, loopback only), and never to a request a proxy
//    forwarded (X-Forwarded-For or Forwarded set): through Caddy, the public gets 403.
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Context } from '../context.js';
import { normalHost, requestHost } from '../host.js';
import { isLoopback, listedProxies } from '../trust-proxy.js';
import { tokenAnswer, VERIFY_PATH_PREFIX } from './domain-verification.js';

/**
 * Whether a request is Caddy's own ask: not forwarded, from loopback or a proxy TRUST_PROXY lists
 * (`listed`: trust-proxy.ts, the matcher Fastify uses).
 */
export function askedByProxy(remoteAddress: string | undefined, headers: IncomingHttpHeaders, listed: (address: string) => boolean): boolean {
  if (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || !remoteAddress) return false;
  return isLoopback(remoteAddress) || listed(remoteAddress);
}

export function domainPublicRoutes({ database, lookup, config }: Pick<Context, 'database' | 'lookup' | 'config'>) {
  const text = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  const listed = listedProxies(config.trustProxy);
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { token: string } }>(`${VERIFY_PATH_PREFIX}:token`, async (request, reply) => {
      const answer = await tokenAnswer(database.db, requestHost(request), request.params.token);
      return answer ? reply.headers(text).send(answer) : reply.code(404).headers(text).send('no pending domain verification with this token on this host\n');
    });

    app.get<{ Querystring: { domain?: string } }>(
      '/tls/ask',
      { schema: { querystring: { type: 'object', properties: { domain: { type: 'string', maxLength: 300 } } } } },
      async (request, reply) => {
        if (!askedByProxy(request.socket.remoteAddress, request.headers, listed)) {
          return reply.code(403).headers(text).send('answered to the TLS proxy only (loopback or TRUST_PROXY, not forwarded)\n');
        }
        const domain = normalHost(request.query.domain ?? '');
        if (domain === '') return reply.code(400).headers(text).send('domain: missing (GET /tls/ask?domain=<name>)\n');
        const served = domain === config.appHost || (await lookup.servesDomain(domain));
        return served ? reply.headers(text).send(`${domain}: served\n`) : reply.code(404).headers(text).send(`${domain}: not a verified custom domain\n`);
      },
    );
  };
}

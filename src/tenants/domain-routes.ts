// The public side of custom domains, outside /api/v1:
//  - GET /.well-known/duotrack-verify/<token>: the HTTP verification answer, on the pending
//    domain's own Host (domain-verification.ts);
//  - GET /tls/ask?domain=<name>: Caddy's on-demand TLS `ask` — 200 when Duotrack serves that name
//    (a verified custom domain of a client allowed custom domains, or APP_HOST), 404 otherwise, 400
//    without a name. Caddy asks at every handshake for a name it has no certificate for, so the
//    answer comes from the smartlink lookup's cache (invalidated on every node by any change).
//    Answered only to a direct caller on loopback or a TRUST_PROXY address (listed addresses or
//    ranges; with TRUST_PROXY=true or a hop count, loopback only), and never to a request a proxy
//    forwarded (X-Forwarded-For or Forwarded set): through Caddy, the public gets 403.
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';
import type { TrustProxy } from '../config.js';
import type { Context } from '../context.js';
import { normalHost, requestHost } from '../host.js';
import { tokenAnswer, VERIFY_PATH_PREFIX } from './domain-verification.js';

/** TRUST_PROXY's named ranges (as proxy-addr names them), in ipaddr.js's range names. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = { loopback: ['loopback'], linklocal: ['linkLocal'], uniquelocal: ['private', 'uniqueLocal'] };

/** Whether a request is Caddy's own ask: not forwarded, from loopback or a TRUST_PROXY address. */
export function askedByProxy(remoteAddress: string | undefined, headers: IncomingHttpHeaders, trust: TrustProxy): boolean {
  if (headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || !remoteAddress || !ipaddr.isValid(remoteAddress)) return false;
  const address = ipaddr.process(remoteAddress); // ::ffff:127.0.0.1 is 127.0.0.1
  if (address.range() === 'loopback') return true;
  if (!Array.isArray(trust)) return false;
  return trust.some((entry) => {
    const named = NAMED_RANGES[entry];
    if (named) return named.includes(address.range());
    if (!entry.includes('/')) return ipaddr.isValid(entry) && ipaddr.process(entry).toString() === address.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    return range.kind() === address.kind() && address.match(range, bits);
  });
}

export function domainPublicRoutes({ database, lookup, config }: Pick<Context, 'database' | 'lookup' | 'config'>) {
  const text = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { token: string } }>(`${VERIFY_PATH_PREFIX}:token`, async (request, reply) => {
      const answer = await tokenAnswer(database.db, requestHost(request), request.params.token);
      return answer ? reply.headers(text).send(answer) : reply.code(404).headers(text).send('no pending domain verification with this token on this host\n');
    });

    app.get<{ Querystring: { domain?: string } }>(
      '/tls/ask',
      { schema: { querystring: { type: 'object', properties: { domain: { type: 'string', maxLength: 300 } } } } },
      async (request, reply) => {
        if (!askedByProxy(request.socket.remoteAddress, request.headers, config.trustProxy)) {
          return reply.code(403).headers(text).send('answered to the TLS proxy only (loopback or TRUST_PROXY, not forwarded)\n');
        }
        const domain = normalHost(request.query.domain ?? '');
        if (domain === '') return reply.code(400).headers(text).send('domain: missing (GET /tls/ask?domain=<name>)\n');
        const served = domain === config.appHost || (await lookup.domainClient(domain)) !== null;
        return served ? reply.headers(text).send(`${domain}: served\n`) : reply.code(404).headers(text).send(`${domain}: not a verified custom domain\n`);
      },
    );
  };
}

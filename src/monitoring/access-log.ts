// The optional access log (ACCESS_LOG=true): one pino line per answered request, for operators
// who want one. Built to carry no personal data: no address (not even truncated: per-address
// questions are answered by the event table's truncated IPs, for tracked requests only), no raw
// path and no query string (a path or a query can carry an email or a click id): the route
// pattern stands for the path, `unmatched` when no route matched.
import type { onResponseHookHandler } from 'fastify';
import { requestHost } from '../host.js';
import { UNMATCHED_ROUTE } from './request-metrics.js';

/** The longest DNS name: a forged Host header cannot make a line longer than this. */
const MAX_HOST = 253;

export const logRequest: onResponseHookHandler = function logRequest(request, reply, done) {
  const length = Number(reply.getHeader('content-length'));
  request.log.info(
    {
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      host: requestHost(request).slice(0, MAX_HOST),
      ...(Number.isFinite(length) ? { bytes: length } : {}),
    },
    'request',
  );
  done();
};

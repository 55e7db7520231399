// Times every answered request into `duotrack_http_request_duration_seconds`. Fastify already
// timestamps each reply's start and end (reply.elapsedTime), so the page path gains one histogram
// observation and no clock read of its own.
import type { onResponseHookHandler } from 'fastify';
import type { Metrics } from './metrics.js';

/** Requests no route matched (404s, probes) share one label: a scanner cannot mint new series. */
export const UNMATCHED_ROUTE = 'unmatched';

export function recordRequestDuration(metrics: Pick<Metrics, 'requestDuration'>): onResponseHookHandler {
  return function recordDuration(request, reply, done) {
    metrics.requestDuration.observe({ route: request.routeOptions.url ?? UNMATCHED_ROUTE, method: request.method, status: reply.statusCode }, reply.elapsedTime / 1000);
    done();
  };
}

// What the tracking pipeline knows of one request. The raw IP lives here, in memory, for the
// length of the request: enrichment reads it for GeoIP and the visitor hash, and only its
// truncated form (ip_truncated) is ever put on an event.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { requestHost } from '../host.js';

export interface RequestFacts {
  readonly method: string;
  /** Client IP as resolved through TRUST_PROXY. Never stored, logged or spooled. */
  readonly ip: string;
  readonly userAgent: string;
  readonly referrer: string;
  /** Host the request was made to, normalised (src/host.ts): lower case, no port, no trailing dot. */
  readonly host: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly now: number;
}

/** The facts of a Fastify request. `request.ip` already honours TRUST_PROXY (and only it). */
export function factsFromRequest(request: FastifyRequest, now = Date.now()): RequestFacts {
  const headers = request.headers;
  return {
    method: request.method,
    ip: request.ip ?? '', // undefined once the client has hung up
    userAgent: headerValue(headers['user-agent']),
    referrer: headerValue(headers.referer),
    host: requestHost(request),
    query: firstValues(request.query),
    headers,
    now,
  };
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query && typeof query === 'object') {
    for (const [key, value] of Object.entries(query)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') out[key] = first;
    }
  }
  return out;
}

// The one rule for comparing hosts: lower case, no port, no trailing dot (the DNS root label:
// `admin.example.com.` is `admin.example.com`). APP_HOST, the smartlink lookup by host and the
// request facts all go through it, so no two places can disagree on which site a request is for.
import type { FastifyRequest } from 'fastify';

export function normalHost(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':', 1)[0] as string);
  return name.toLowerCase().replace(/\.+$/, '');
}

/** The host a request was made to (Host, or X-Forwarded-Host from a trusted proxy), normalised. */
export function requestHost(request: Pick<FastifyRequest, 'host'>): string {
  return normalHost(request.host);
}

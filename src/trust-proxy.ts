// TRUST_PROXY applied: which direct callers are proxies whose X-Forwarded-* headers count. Fastify
// is given proxyTrust (app.ts), and the TLS ask endpoint asks listedProxies which callers may be
// the TLS proxy (tenants/domain-routes.ts): both read TRUST_PROXY through proxy-addr, the matcher
// Fastify itself uses, so addresses, ranges and range names mean the same everywhere.
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from './config.js';

/** Whether the address at `hop` (0: the direct caller; then X-Forwarded-For, right to left) is a proxy to trust. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** TRUST_PROXY as Fastify applies it: everyone (true), the n nearest hops (a count), or the listed proxies. */
export function proxyTrust(trust: TrustProxy): ProxyTrust {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile([...trust]);
}

/** The proxies TRUST_PROXY names (addresses, CIDR ranges, loopback / linklocal / uniquelocal); true or a hop count name none. */
export function listedProxies(trust: TrustProxy): (address: string) => boolean {
  if (!Array.isArray(trust)) return () => false;
  const listed = proxyAddr.compile([...trust]);
  return (address) => listed(address, 0);
}

/** Whether an address is loopback (127.0.0.0/8, ::1, or 127.x as an IPv4-mapped IPv6 address). */
const loopback = proxyAddr.compile('loopback');
export const isLoopback = (address: string): boolean => loopback(address, 0);

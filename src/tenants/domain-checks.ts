// The network side of custom domain verification: the TXT lookup and the HTTP GET, both through
// the configured DNS servers (DNS_SERVERS), the GET through the outbound guard (no redirect
// followed, no private address unless OUTBOUND_ALLOW_ADDRESSES allows it). Short timeouts: an
// operator waits for the answer.
import { Resolver } from 'node:dns/promises';
import type { Outbound } from '../delivery/outbound.js';
import type { DomainChecks, HttpLookup } from './domain-verification.js';

export interface DomainCheckOptions {
  /** DNS servers to ask; empty: the system's. */
  readonly dnsServers: readonly string[];
  /** The port of http://<domain> (80 but in tests). */
  readonly httpPort: number;
  readonly outbound: Outbound;
  /** Per DNS query and per GET. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** At most this many of the domain's addresses are tried, in turn, until one answers. */
const MAX_ADDRESSES = 4;

export function createDomainChecks({ dnsServers, httpPort, outbound, timeoutMs = 5000 }: DomainCheckOptions): DomainChecks {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (dnsServers.length > 0) resolver.setServers([...dnsServers]);

  /** The domain's IPv4 then IPv6 addresses, as this resolver sees them. */
  async function addresses(domain: string): Promise<string[] | { error: string }> {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(domain), resolver.resolve6(domain)]);
    const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value.map((a) => `[${a}]`) : [])];
    if (found.length > 0) return found.slice(0, MAX_ADDRESSES);
    return { error: `no A or AAAA record for ${domain} (${v4.status === 'rejected' ? dnsError(v4.reason) : 'no address'})` };
  }

  return {
    async txt(name) {
      try {
        return { records: (await resolver.resolveTxt(name)).map((strings) => strings.join('')) };
      } catch (err) {
        const code = (err as { code?: string }).code;
        return code === 'ENOTFOUND' || code === 'ENODATA' ? { records: [] } : { error: dnsError(err) };
      }
    },

    async http(domain, path) {
      const found = await addresses(domain);
      if (!Array.isArray(found)) return found;
      const host = httpPort === 80 ? domain : `${domain}:${httpPort}`;
      let answer: HttpLookup = { error: 'no address tried' };
      for (const address of found) {
        try {
          return await outbound.get(`http://${address}:${httpPort}${path}`, { headers: { host, 'user-agent': 'Duotrack domain verification' }, timeoutMs });
        } catch (err) {
          answer = { error: `${address.replace(/^\[(.*)\]$/, '$1')}: ${(err as Error).message}` };
        }
      }
      return answer;
    },
  };
}

/** A DNS failure in words: the DNS servers' answer (NXDOMAIN, SERVFAIL, REFUSED) or their silence. */
function dnsError(err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  const words: Readonly<Record<string, string>> = {
    ENOTFOUND: 'no such name (NXDOMAIN)',
    ENODATA: 'no record of that type',
    ESERVFAIL: 'the DNS server failed (SERVFAIL)',
    EREFUSED: 'the DNS server refused the query',
    ETIMEOUT: 'the DNS servers did not answer in time',
    ECONNREFUSED: 'the DNS servers could not be reached',
  };
  return words[code] ?? `DNS error (${code || (err as Error).message})`;
}

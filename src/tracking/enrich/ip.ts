// IP address normalisation and truncation. The raw client IP never leaves the request: GeoIP and the
// visitor hash read `normalizeIp(ip)`, and only `truncateIp(ip)` (IPv4 /24, IPv6 /48) is stored.
// node:net's isIP is the strict gate (no octal, no ports, no brackets); ipaddr.js does the rest.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The address as GeoIP and hashing should see it: IPv4-mapped IPv6 ("::ffff:1.2.3.4") becomes
 * IPv4, other IPv6 takes its RFC 5952 form without zone id, IPv4 is unchanged. Input that is not
 * an IP address is returned unchanged.
 */
export function normalizeIp(ip: string): string {
  const address = ip.split('%', 1)[0] as string;
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return ip;
  const v6 = ipaddr.IPv6.parse(address);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}

/** The stored, anonymised form: IPv4 → its /24, IPv6 → its /48 (compressed); null for a non-address. */
export function truncateIp(ip: string): string | null {
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (family === 4) return address.slice(0, address.lastIndexOf('.')) + '.0';
  if (family !== 6) return null;
  const [a = 0, b = 0, c = 0] = ipaddr.IPv6.parse(address).parts;
  return new ipaddr.IPv6([a, b, c, 0, 0, 0, 0, 0]).toRFC5952String();
}

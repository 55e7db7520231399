// IP address normalisation and truncation. The raw client IP never leaves the request: GeoIP and the
// visitor hash read `normalizeIp(ip)`, and only `truncateIp(ip)` (IPv4 /24, IPv6 /48) is stored.
import { isIP } from 'node:net';

/** Eight 16-bit groups of an IPv6 address. */
type Hextets = readonly number[];

/**
 * The address in the form GeoIP and hashing should see: an IPv4-mapped IPv6 address
 * ("::ffff:1.2.3.4", "::ffff:102:304") becomes plain IPv4, any other IPv6 address takes its
 * canonical compressed form (RFC 5952, zone id dropped), IPv4 is returned as is.
 * Input that is not an IP address is returned unchanged (callers check it with `isIP`).
 */
export function normalizeIp(ip: string): string {
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return ip;
  const hextets = parseIpv6(withoutZone(ip));
  if (hextets === null) return ip;
  return mappedIpv4(hextets) ?? formatIpv6(hextets);
}

/**
 * The stored, anonymised form of an address: IPv4 → its /24 ("203.0.113.77" → "203.0.113.0"),
 * IPv6 → its /48 in canonical compressed form ("2001:db8:abcd:12::1" → "2001:db8:abcd::"),
 * IPv4-mapped IPv6 → treated as IPv4. `null` for anything that is not an IP address.
 */
export function truncateIp(ip: string): string | null {
  const normalized = normalizeIp(ip);
  const family = isIP(normalized);
  if (family === 4) {
    const octets = normalized.split('.');
    return `${octets[0]}.${octets[1]}.${octets[2]}.0`;
  }
  if (family !== 6) return null;
  const hextets = parseIpv6(normalized);
  if (hextets === null) return null;
  return formatIpv6([hextets[0] ?? 0, hextets[1] ?? 0, hextets[2] ?? 0, 0, 0, 0, 0, 0]);
}

function withoutZone(ip: string): string {
  const percent = ip.indexOf('%');
  return percent === -1 ? ip : ip.slice(0, percent);
}

/** Parses an address `isIP` already accepted as IPv6 (no zone id) into eight groups. */
function parseIpv6(ip: string): Hextets | null {
  let text = ip;
  // A trailing dotted quad ("::ffff:1.2.3.4", "64:ff9b::10.0.0.1") stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes('.')) {
    if (isIP(dotted) !== 4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16));
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<number>(Math.max(missing, 0)).fill(0), ...rest];
  return all.every((h) => Number.isInteger(h) && h >= 0 && h <= 0xffff) ? all : null;
}

/** "1.2.3.4" when the groups are ::ffff:0102:0304, else null. */
function mappedIpv4(h: Hextets): string | null {
  const isMapped = h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0xffff;
  if (!isMapped) return null;
  const hi = h[6] ?? 0;
  const lo = h[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** RFC 5952: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatIpv6(h: Hextets): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < h.length; ) {
    if (h[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < h.length && h[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = h.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

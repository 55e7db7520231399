// Content negotiation of a precompressed file (RFC 9110 §12.5.3): which of the encodings we hold
// the request's Accept-Encoding allows, the client's highest q first, then ours (br > gzip >
// identity). `q=0` refuses a coding; `*` stands for every coding the header does not name;
// identity is acceptable unless refused, but preferred last when the client did not name it.

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Our preference, best first. */
export const ENCODING_PREFERENCE: readonly ContentEncoding[] = ['br', 'gzip', 'identity'];

/** Accepted but not named (identity by default): below every coding the client named with q > 0. */
const IMPLICIT = Number.MIN_VALUE;

/** Coding → q, lower-cased; x-gzip is gzip. Entries with a malformed q are ignored. */
function parseAcceptEncoding(header: string): ReadonlyMap<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawCoding = '', ...params] = part.split(';').map((s) => s.trim());
    const coding = rawCoding.toLowerCase() === 'x-gzip' ? 'gzip' : rawCoding.toLowerCase();
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
      else if (/^q\s*=/i.test(param)) q = Number.NaN;
    }
    if (!Number.isNaN(q)) weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  return weights;
}

/**
 * The encoding to send among `available` (identity is assumed to be among them), or null when the
 * request refuses every one (identity;q=0 or *;q=0 with nothing else acceptable): a 406.
 */
export function negotiateEncoding(acceptEncoding: string | undefined, available: { has(encoding: ContentEncoding): boolean }): ContentEncoding | null {
  // No header: any coding is acceptable (RFC 9110), but an old client may not mean it: send identity.
  if (acceptEncoding === undefined) return available.has('identity') ? 'identity' : null;
  const weights = parseAcceptEncoding(acceptEncoding);
  const star = weights.get('*');
  let best: ContentEncoding | null = null;
  let bestQ = 0;
  for (const encoding of ENCODING_PREFERENCE) {
    if (!available.has(encoding)) continue;
    const q = weights.get(encoding) ?? star ?? (encoding === 'identity' ? IMPLICIT : 0);
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

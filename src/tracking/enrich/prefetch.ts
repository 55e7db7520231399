// Speculative requests: the browser fetched the page ahead of a possible navigation (Chrome
// prefetch/prerender, Firefox link prefetch, Safari Top Sites preview). Nobody has seen the page
// yet, so such a request is not a view. The detail is one of a few fixed strings, fit for metrics.
import type { IncomingHttpHeaders } from 'node:http';

/** Headers that announce a speculative fetch, and the tokens that count in each. */
const SIGNALS: ReadonlyArray<{ header: string; tokens: readonly string[] }> = [
  { header: 'sec-purpose', tokens: ['prefetch', 'prerender'] }, // Fetch standard; Chrome: "prefetch;prerender"
  { header: 'purpose', tokens: ['prefetch', 'preview'] }, // Chrome before Sec-Purpose
  { header: 'x-moz', tokens: ['prefetch'] }, // Firefox
  { header: 'x-purpose', tokens: ['preview', 'prefetch'] }, // Safari Top Sites
];

/**
 * 'sec-purpose: prefetch' | 'sec-purpose: prefetch;prerender' | 'purpose: prefetch' |
 * 'purpose: preview' | 'x-moz: prefetch' | 'x-purpose: preview' | 'x-purpose: prefetch',
 * or null for an ordinary request. Values are case-insensitive tokens separated by ';' or ',',
 * so "prefetch;anonymous-client-ip" and "Prefetch" count.
 */
export function detectPrefetch(headers: IncomingHttpHeaders): string | null {
  for (const { header, tokens } of SIGNALS) {
    const value = headers[header];
    if (value === undefined) continue; // nearly every request: no token to split
    const present = tokensOf(value);
    const found = tokens.filter((token) => present.has(token));
    if (found.length === 0) continue;
    if (header === 'sec-purpose') {
      return present.has('prerender') ? 'sec-purpose: prefetch;prerender' : 'sec-purpose: prefetch';
    }
    return `${header}: ${found[0]}`;
  }
  return null;
}

function tokensOf(value: string | string[]): ReadonlySet<string> {
  const values = Array.isArray(value) ? value : [value];
  const tokens = values.flatMap((v) => v.split(/[;,]/)).map((token) => token.split('=')[0]?.trim().toLowerCase() ?? '');
  return new Set(tokens.filter((token) => token !== ''));
}

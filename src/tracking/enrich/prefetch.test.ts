import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { detectPrefetch } from './prefetch.js';

describe('detectPrefetch', () => {
  it.each<{ name: string; headers: IncomingHttpHeaders; expected: string | null }>([
    { name: 'Chrome prefetch (Sec-Purpose)', headers: { 'sec-purpose': 'prefetch' }, expected: 'sec-purpose: prefetch' },
    { name: 'Chrome prerender', headers: { 'sec-purpose': 'prefetch;prerender' }, expected: 'sec-purpose: prefetch;prerender' },
    { name: 'Chrome private prefetch proxy', headers: { 'sec-purpose': 'prefetch;anonymous-client-ip' }, expected: 'sec-purpose: prefetch' },
    { name: 'Sec-Purpose with spaces and upper case', headers: { 'sec-purpose': ' Prefetch ; Prerender ' }, expected: 'sec-purpose: prefetch;prerender' },
    { name: 'legacy Purpose: prefetch', headers: { purpose: 'prefetch' }, expected: 'purpose: prefetch' },
    { name: 'legacy Purpose: preview', headers: { purpose: 'Preview' }, expected: 'purpose: preview' },
    { name: 'Firefox X-Moz: prefetch', headers: { 'x-moz': 'prefetch' }, expected: 'x-moz: prefetch' },
    { name: 'Safari X-Purpose: preview', headers: { 'x-purpose': 'preview' }, expected: 'x-purpose: preview' },
    { name: 'X-Purpose upper case', headers: { 'x-purpose': 'PREVIEW' }, expected: 'x-purpose: preview' },
    { name: 'a header repeated as an array', headers: { 'x-moz': ['something', 'prefetch'] } as IncomingHttpHeaders, expected: 'x-moz: prefetch' },
    { name: 'Sec-Purpose wins when several are sent', headers: { purpose: 'prefetch', 'sec-purpose': 'prefetch' }, expected: 'sec-purpose: prefetch' },
    { name: 'ordinary navigation', headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }, expected: null },
    { name: 'no headers at all', headers: {}, expected: null },
    { name: 'empty Sec-Purpose', headers: { 'sec-purpose': '' }, expected: null },
    { name: 'unknown Sec-Purpose token', headers: { 'sec-purpose': 'navigate' }, expected: null },
    { name: 'a token that only contains "prefetch"', headers: { 'sec-purpose': 'noprefetch' }, expected: null },
    { name: 'X-Moz with another value', headers: { 'x-moz': 'microsummary' }, expected: null },
  ])('$name', ({ headers, expected }) => {
    expect(detectPrefetch(headers)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { negotiateEncoding, type ContentEncoding } from './encoding.js';

const ALL = new Set<ContentEncoding>(['br', 'gzip', 'identity']);
const NO_BR = new Set<ContentEncoding>(['gzip', 'identity']);
const PLAIN = new Set<ContentEncoding>(['identity']);

describe('negotiateEncoding', () => {
  it.each<[string, string | undefined, ReadonlySet<ContentEncoding>, ContentEncoding | null]>([
    ['no header: identity', undefined, ALL, 'identity'],
    ['empty header: identity', '', ALL, 'identity'],
    ['a browser: br', 'gzip, deflate, br, zstd', ALL, 'br'],
    ['a browser, no br twin: gzip', 'gzip, deflate, br, zstd', NO_BR, 'gzip'],
    ['gzip only', 'gzip', ALL, 'gzip'],
    ['x-gzip is gzip', 'x-gzip', ALL, 'gzip'],
    ['codings are case-insensitive', 'GZIP, BR', ALL, 'br'],
    ['an unknown coding only: identity', 'zstd', ALL, 'identity'],
    ['br refused with q=0', 'br;q=0, gzip', ALL, 'gzip'],
    ['q=0 with spaces and decimals', 'br ; q=0.000, gzip;q=0.5', ALL, 'gzip'],
    ['every coding refused: identity', 'br;q=0, gzip;q=0', ALL, 'identity'],
    ['the client’s higher q wins over our order', 'br;q=0.5, gzip;q=1', ALL, 'gzip'],
    ['equal q: our order', 'gzip;q=0.8, br;q=0.8', ALL, 'br'],
    ['identity named higher than the codings', 'identity;q=1, br;q=0.5', ALL, 'identity'],
    ['a named coding beats unnamed identity', 'gzip;q=0.1', ALL, 'gzip'],
    ['* accepts every coding', '*', ALL, 'br'],
    ['* with br refused', '*, br;q=0', ALL, 'gzip'],
    ['a malformed q is ignored', 'br;q=2, gzip;q=abc', ALL, 'identity'],
    ['the best of duplicate entries counts', 'br;q=0, br;q=0.7', ALL, 'br'],
    ['nothing but identity built: identity', 'br, gzip', PLAIN, 'identity'],
    ['identity;q=0 and no twin: nothing acceptable', 'identity;q=0', PLAIN, null],
    ['*;q=0 refuses unnamed identity', '*;q=0', ALL, null],
    ['*;q=0 with gzip named: gzip', 'gzip, *;q=0', ALL, 'gzip'],
    ['identity;q=0 with a twin: the twin', 'identity;q=0, gzip', ALL, 'gzip'],
  ])('%s', (_name, header, available, expected) => {
    expect(negotiateEncoding(header, available)).toBe(expected);
  });
});

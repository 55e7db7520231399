import { describe, expect, it } from 'vitest';
import { optOutOf } from './opt-out.js';

describe('optOutOf', () => {
  it.each([
    ['no signal', {}, true, null],
    ['the cookie', { cookie: 'dt_consent=granted; dt_optout=1' }, true, 'cookie'],
    ['the cookie alone', { cookie: 'dt_optout=1' }, false, 'cookie'],
    ['a cookie of another value', { cookie: 'dt_optout=0; x_dt_optout=1' }, true, null],
    ['Global Privacy Control', { 'sec-gpc': '1' }, true, 'gpc'],
    ['GPC where the client does not honour it', { 'sec-gpc': '1' }, false, null],
    ['GPC with another value', { 'sec-gpc': '0' }, true, null],
  ] as const)('%s', (_name, headers, honorGpc, expected) => {
    expect(optOutOf(headers, honorGpc)).toBe(expected);
  });
});

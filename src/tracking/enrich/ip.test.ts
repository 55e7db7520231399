import { describe, expect, it } from 'vitest';
import { normalizeIp, truncateIp } from './ip.js';

describe('truncateIp', () => {
  it.each([
    { name: 'IPv4 keeps its /24', ip: '203.0.113.77', expected: '203.0.113.0' },
    { name: 'IPv4 already on a /24 boundary', ip: '81.2.69.0', expected: '81.2.69.0' },
    { name: 'IPv4 broadcast-looking address', ip: '255.255.255.255', expected: '255.255.255.0' },
    { name: 'IPv6 keeps its /48, compressed', ip: '2001:db8:abcd:12:1:2:3:4', expected: '2001:db8:abcd::' },
    { name: 'IPv6 upper-case and leading zeros', ip: '2001:0DB8:ABCD:0012:0000:0000:0000:0001', expected: '2001:db8:abcd::' },
    { name: 'IPv6 already compressed input', ip: '2a01:cb00::1', expected: '2a01:cb00::' },
    { name: 'IPv6 with a zero group inside the /48', ip: '2001:0:5ef5:79fb:1:2:3:4', expected: '2001:0:5ef5::' },
    { name: 'IPv6 whose /48 is all zeros after the first group', ip: '2001::1', expected: '2001::' },
    { name: 'IPv6 loopback', ip: '::1', expected: '::' },
    { name: 'IPv6 link-local with a zone id', ip: 'fe80::1%eth0', expected: 'fe80::' },
    { name: 'IPv6 with an embedded IPv4 tail (NAT64)', ip: '64:ff9b:1::203.0.113.77', expected: '64:ff9b:1::' },
    { name: 'IPv4-mapped IPv6 is treated as IPv4', ip: '::ffff:203.0.113.77', expected: '203.0.113.0' },
    { name: 'IPv4-mapped IPv6, upper-case prefix', ip: '::FFFF:203.0.113.77', expected: '203.0.113.0' },
    { name: 'IPv4-mapped IPv6 in hex form', ip: '::ffff:cb00:714d', expected: '203.0.113.0' },
    { name: 'empty string', ip: '', expected: null },
    { name: 'garbage', ip: 'garbage', expected: null },
    { name: 'IPv4 with an octet out of range', ip: '256.1.1.1', expected: null },
    { name: 'IPv4 with leading zeros (ambiguous octal)', ip: '01.2.3.4', expected: null },
    { name: 'IPv4 with a port', ip: '203.0.113.77:443', expected: null },
    { name: 'bracketed IPv6', ip: '[2001:db8::1]', expected: null },
    { name: 'IPv6 with two "::"', ip: '1::2::3', expected: null },
    { name: 'surrounding whitespace', ip: ' 203.0.113.77', expected: null },
  ])('$name', ({ ip, expected }) => {
    expect(truncateIp(ip)).toBe(expected);
  });
});

describe('normalizeIp', () => {
  it.each([
    { name: 'IPv4-mapped IPv6 becomes IPv4', ip: '::ffff:1.2.3.4', expected: '1.2.3.4' },
    { name: 'IPv4-mapped IPv6 in hex form becomes IPv4', ip: '::ffff:102:304', expected: '1.2.3.4' },
    { name: 'IPv4-mapped IPv6 written out in full', ip: '0:0:0:0:0:ffff:1.2.3.4', expected: '1.2.3.4' },
    { name: 'plain IPv4 is unchanged', ip: '1.2.3.4', expected: '1.2.3.4' },
    { name: 'IPv6 takes its canonical compressed form', ip: '2001:0DB8:0000:0000:0000:0000:0000:0001', expected: '2001:db8::1' },
    { name: 'IPv6 zone id is dropped', ip: 'fe80::1%en0', expected: 'fe80::1' },
    { name: 'IPv4-compatible (deprecated ::a.b.c.d) is read as IPv4', ip: '::1.2.3.4', expected: '1.2.3.4' },
    { name: 'not an address is returned unchanged', ip: 'garbage', expected: 'garbage' },
  ])('$name', ({ ip, expected }) => {
    expect(normalizeIp(ip)).toBe(expected);
  });
});

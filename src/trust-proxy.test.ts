import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './config.js';
import { isLoopback, listedProxies, proxyTrust } from './trust-proxy.js';

describe('TRUST_PROXY as Fastify applies it', () => {
  it.each([
    { name: 'unset: nobody', value: undefined, address: '127.0.0.1', hop: 0, expected: false },
    { name: 'true: everybody', value: 'true', address: '203.0.113.9', hop: 3, expected: true },
    { name: 'a hop count: the nearest hops', value: '2', address: '203.0.113.9', hop: 1, expected: true },
    { name: 'a hop count: not beyond', value: '2', address: '203.0.113.9', hop: 2, expected: false },
    { name: 'a named range', value: 'loopback', address: '::1', hop: 0, expected: true },
    { name: 'a CIDR range', value: '10.0.0.0/8, 192.168.0.1', address: '10.9.8.7', hop: 1, expected: true },
    { name: 'an address outside the list', value: '10.0.0.0/8', address: '11.0.0.1', hop: 0, expected: false },
  ])('$name', ({ value, address, hop, expected }) => {
    expect(proxyTrust(parseTrustProxy(value))(address, hop)).toBe(expected);
  });

  it('names listed proxies only for a list (true and hop counts name none)', () => {
    expect(listedProxies(parseTrustProxy('uniquelocal'))('192.168.1.4')).toBe(true);
    expect(listedProxies(parseTrustProxy('true'))('192.168.1.4')).toBe(false);
    expect(listedProxies(parseTrustProxy('1'))('192.168.1.4')).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['not an address', false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});

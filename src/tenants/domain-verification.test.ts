import { describe, expect, it } from 'vitest';
import { listedProxies } from '../trust-proxy.js';
import { askedByProxy } from './domain-routes.js';
import { checkVerdict, judgeHttp, judgeTxt, txtRecordName, verificationUrl, verificationValue, type CheckOutcome } from './domain-verification.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const NAME = txtRecordName('links.label.test');
const VALUE = verificationValue(TOKEN);
const URL = verificationUrl('links.label.test', TOKEN);

describe('what to set up', () => {
  it('names the TXT record under _duotrack, the value and the well-known URL after the token', () => {
    expect(NAME).toBe('_duotrack.links.label.test');
    expect(VALUE).toBe(`duotrack-verify=${TOKEN}`);
    expect(URL).toBe(`http://links.label.test/.well-known/duotrack-verify/${TOKEN}`);
  });
});

describe('judging the TXT lookup', () => {
  it.each<{ name: string; lookup: Parameters<typeof judgeTxt>[2]; expected: CheckOutcome }>([
    { name: 'the value alone', lookup: { records: [VALUE] }, expected: { ok: true } },
    { name: 'the value among other records, with spaces around', lookup: { records: ['v=spf1 -all', ` ${VALUE} `] }, expected: { ok: true } },
    { name: 'no record', lookup: { records: [] }, expected: { ok: false, found: `DNS: no TXT record at ${NAME}` } },
    {
      name: 'another token',
      lookup: { records: ['duotrack-verify=old'] },
      expected: { ok: false, found: `DNS: TXT ${NAME} holds "duotrack-verify=old", not "${VALUE}"` },
    },
    {
      name: 'many records: five shown, long ones cut',
      lookup: { records: ['a', 'b', 'c', 'd', 'x'.repeat(100), 'f', 'g'] },
      expected: { ok: false, found: `DNS: TXT ${NAME} holds "a", "b", "c", "d", "${'x'.repeat(80)}…" and 2 more, not "${VALUE}"` },
    },
    { name: 'a DNS failure', lookup: { error: 'the DNS servers did not answer in time' }, expected: { ok: false, found: `DNS: TXT ${NAME}: the DNS servers did not answer in time` } },
  ])('$name', ({ lookup, expected }) => {
    expect(judgeTxt(NAME, VALUE, lookup)).toEqual(expected);
  });
});

describe('judging the HTTP answer', () => {
  it.each<{ name: string; lookup: Parameters<typeof judgeHttp>[2]; expected: CheckOutcome }>([
    { name: '200 with the value', lookup: { status: 200, body: VALUE }, expected: { ok: true } },
    { name: '200 with the value and a newline', lookup: { status: 200, body: `${VALUE}\n` }, expected: { ok: true } },
    { name: 'a 404', lookup: { status: 404, body: VALUE }, expected: { ok: false, found: `HTTP: GET ${URL} answered 404` } },
    {
      name: '200 with another page (the domain routes elsewhere)',
      lookup: { status: 200, body: '<html>parked</html>' },
      expected: { ok: false, found: `HTTP: GET ${URL} answered 200 with "<html>parked</html>", not "${VALUE}"` },
    },
    {
      name: 'a redirect (not followed)',
      lookup: { error: 'redirected to https://links.label.test (HTTP 308), not followed' },
      expected: { ok: false, found: `HTTP: GET ${URL}: redirected to https://links.label.test (HTTP 308), not followed` },
    },
  ])('$name', ({ lookup, expected }) => {
    expect(judgeHttp(URL, VALUE, lookup)).toEqual(expected);
  });
});

describe('the verdict of a check', () => {
  const fail = (found: string): CheckOutcome => ({ ok: false, found });
  it.each([
    { name: 'DNS passed', dns: { ok: true } as const, http: fail('h'), expected: { method: 'dns', failure: null } },
    { name: 'HTTP passed', dns: fail('d'), http: { ok: true } as const, expected: { method: 'http', failure: null } },
    { name: 'both passed: DNS named', dns: { ok: true } as const, http: { ok: true } as const, expected: { method: 'dns', failure: null } },
    { name: 'neither: both failures said', dns: fail('DNS: no TXT record'), http: fail('HTTP: 404'), expected: { method: null, failure: 'DNS: no TXT record; HTTP: 404' } },
  ])('$name', ({ dns, http, expected }) => {
    expect(checkVerdict({ dns, http })).toEqual(expected);
  });
});

describe('who may ask /tls/ask', () => {
  it.each([
    { name: 'Caddy on loopback', address: '127.0.0.1', headers: {}, trust: false as const, expected: true },
    { name: 'Caddy on IPv6 loopback', address: '::1', headers: {}, trust: false as const, expected: true },
    { name: 'loopback as an IPv4-mapped address', address: '::ffff:127.0.0.1', headers: {}, trust: false as const, expected: true },
    { name: 'a request Caddy forwarded (from the public)', address: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' }, trust: ['loopback'], expected: false },
    { name: 'a request with a Forwarded header', address: '127.0.0.1', headers: { forwarded: 'for=203.0.113.9' }, trust: false as const, expected: false },
    { name: 'a public address', address: '203.0.113.9', headers: {}, trust: false as const, expected: false },
    { name: 'a proxy listed in TRUST_PROXY', address: '10.0.0.5', headers: {}, trust: ['10.0.0.5'], expected: true },
    { name: 'a proxy in a TRUST_PROXY range', address: '10.1.2.3', headers: {}, trust: ['10.0.0.0/8'], expected: true },
    { name: 'a proxy in a named TRUST_PROXY range', address: '192.168.1.4', headers: {}, trust: ['uniquelocal'], expected: true },
    { name: 'an address outside the TRUST_PROXY list', address: '10.0.0.6', headers: {}, trust: ['10.0.0.5'], expected: false },
    { name: 'any address with TRUST_PROXY=true (its proxies are unknown)', address: '10.0.0.5', headers: {}, trust: true as const, expected: false },
    { name: 'any address with a TRUST_PROXY hop count', address: '10.0.0.5', headers: {}, trust: 1, expected: false },
    { name: 'an IPv6 proxy in a TRUST_PROXY range', address: '2001:db8::7', headers: {}, trust: ['2001:db8::/32'], expected: true },
    { name: 'an IPv4-mapped address of a listed proxy', address: '::ffff:10.0.0.5', headers: {}, trust: ['10.0.0.5'], expected: true },
    { name: 'a link-local proxy in a named range', address: 'fe80::1', headers: {}, trust: ['linklocal'], expected: true },
    { name: 'not an address', address: 'localhost', headers: {}, trust: ['loopback'], expected: false },
  ])('$name', ({ address, headers, trust, expected }) => {
    expect(askedByProxy(address, headers, listedProxies(trust))).toBe(expected);
  });
});

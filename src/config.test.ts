import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustProxy } from './config.js';

const base = { DATA_DIR: '/tmp/dt-config-test', SECRET: 's' };

describe('TRUST_PROXY', () => {
  it.each([
    { name: 'unset: trust nobody', value: undefined, expected: false },
    { name: 'false', value: 'false', expected: false },
    { name: 'true: trust every hop', value: 'true', expected: true },
    { name: 'a hop count', value: '2', expected: 2 },
    { name: 'one address', value: '10.0.0.1', expected: ['10.0.0.1'] },
    { name: 'a CIDR list with spaces', value: '10.0.0.0/8, 127.0.0.1 ,::1/128', expected: ['10.0.0.0/8', '127.0.0.1', '::1/128'] },
    { name: 'a named range', value: 'loopback', expected: ['loopback'] },
  ])('$name', ({ value, expected }) => {
    expect(parseTrustProxy(value)).toEqual(expected);
  });

  it('refuses a hostname, with the variable named', () => {
    expect(() => parseTrustProxy('proxy.internal')).toThrow(new ConfigError('TRUST_PROXY: "proxy.internal" is not an address, a CIDR, or true/false/a hop count'));
  });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', trustProxy: false, geoipDb: null, logLevel: 'info', writerFlushMs: 0, writerCommitTimeoutMs: 1500, purgeIntervalMs: 3_600_000, benchRoutes: false });
    expect(config.databaseUrl).toBe('sqlite:/tmp/dt-config-test/duotrack.db');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...base, PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: 'sqlite:/tmp/dt-config-test/duotrack.db' });
  });

  it.each([
    { name: 'a port out of range', env: { PORT: '70000' }, message: 'PORT must be a whole number from 0 to 65535, got "70000"' },
    { name: 'a database that is neither', env: { DATABASE_URL: 'mysql://x' }, message: 'DATABASE_URL must start with sqlite: or postgres://, got "mysql://x"' },
    { name: 'a fractional timeout', env: { WRITER_COMMIT_TIMEOUT_MS: '1.5' }, message: 'WRITER_COMMIT_TIMEOUT_MS must be a whole number from 50 to 60000, got "1.5"' },
  ])('refuses $name', ({ env, message }) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(new ConfigError(message));
  });
});

describe('OUTBOUND_ALLOW_ADDRESSES', () => {
  it('is empty unless set: no private address is reachable by default', () => {
    expect(loadConfig(base).outboundAllow).toEqual([]);
  });

  it('keeps addresses in the form DNS answers use, and CIDR ranges', () => {
    expect(loadConfig({ ...base, OUTBOUND_ALLOW_ADDRESSES: '127.0.0.1, 0:0:0:0:0:0:0:1 ,10.0.0.0/8,FD00::/8' }).outboundAllow).toEqual(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8']);
  });

  it.each(['localhost', '2130706433', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129'])('refuses "%s", with the variable named', (entry) => {
    expect(() => loadConfig({ ...base, OUTBOUND_ALLOW_ADDRESSES: entry })).toThrow(new ConfigError(`OUTBOUND_ALLOW_ADDRESSES: "${entry}" is not an IP address or a CIDR range`));
  });
});

describe('DNS_SERVERS and DOMAIN_VERIFY_HTTP_PORT', () => {
  it("default to the system's DNS servers and port 80", () => {
    expect(loadConfig(base)).toMatchObject({ dnsServers: [], domainVerifyHttpPort: 80 });
  });

  it('takes addresses with optional ports, IPv6 in brackets when it has a port', () => {
    expect(loadConfig({ ...base, DNS_SERVERS: '1.1.1.1, 127.0.0.1:5353,::1,[2606:4700:4700::1111]:53' }).dnsServers).toEqual(['1.1.1.1', '127.0.0.1:5353', '::1', '[2606:4700:4700::1111]:53']);
  });

  it.each(['dns.google', '127.0.0.1:0', '127.0.0.1:99999', '[::1]:x'])('refuses "%s", with the variable named', (entry) => {
    expect(() => loadConfig({ ...base, DNS_SERVERS: entry })).toThrow(new ConfigError(`DNS_SERVERS: "${entry}" is not an IP address with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53)`));
  });
});

describe('the catalogue resolver', () => {
  it('asks the public APIs, for eight storefronts, with an hour of cache, and nothing that needs a credential', () => {
    expect(loadConfig(base).catalogue).toEqual({
      deezerUrl: 'https://api.deezer.com',
      itunesUrl: 'https://itunes.apple.com',
      spotifyUrl: 'https://api.spotify.com',
      spotifyAccountsUrl: 'https://accounts.spotify.com',
      spotifyClientId: null,
      spotifyClientSecret: null,
      odesliUrl: 'https://api.song.link',
      odesliKey: null,
      musicbrainzUrl: 'https://musicbrainz.org',
      contact: null,
      countries: ['US', 'GB', 'FR', 'DE', 'CA', 'AU', 'JP', 'BR'],
      cacheMs: 3_600_000,
    });
  });

  it('reads storefront countries in any case, once each', () => {
    expect(loadConfig({ ...base, CATALOGUE_COUNTRIES: 'us, gb,US' }).catalogue.countries).toEqual(['US', 'GB']);
  });

  it.each([
    { name: 'a country that is not a code', env: { CATALOGUE_COUNTRIES: 'US,France' }, message: /CATALOGUE_COUNTRIES.*"FRANCE" is not one/ },
    { name: 'a code no country has', env: { CATALOGUE_COUNTRIES: 'US,XX' }, message: /CATALOGUE_COUNTRIES.*"XX" is not one/ },
    { name: 'half of the Spotify credentials', env: { SPOTIFY_CLIENT_ID: 'id' }, message: /SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET go together/ },
    { name: 'an API URL that is not http(s)', env: { DEEZER_API_URL: 'ftp://deezer' }, message: /DEEZER_API_URL must be an http\(s\) URL/ },
  ])('refuses $name', ({ env, message }) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});

// The only file that reads the environment. Everything else receives a typed Config.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { normalHost } from './host.js';
import { toCountryCode } from './links/country.js';

export type TrustProxy = false | true | number | readonly string[];

/** A platform where a tap in an in-app browser tries the service's app (src/landing/app-open.ts). */
export type AppPlatform = 'ios' | 'android';

export interface Config {
  /** TCP port of the HTTP server. `PORT`, default 3000. */
  readonly port: number;
  /** Interface to bind. `HOST`, default 127.0.0.1 (use 0.0.0.0 in a container). */
  readonly host: string;
  /** `sqlite:<path>` (embedded default) or `postgres://…`. `DATABASE_URL`. */
  readonly databaseUrl: string;
  /** Where the secret, the spool and the SQLite file live. `DATA_DIR`, default ./data. */
  readonly dataDir: string;
  /**
   * How long a request may take to arrive, headers and body, in ms; a slower one is answered 408
   * and its connection closed, as is a connection silent twice that long. `REQUEST_TIMEOUT_MS`, default 60000.
   */
  readonly requestTimeoutMs: number;
  /** How long a request's headers may take to arrive, in ms. `HEADERS_TIMEOUT_MS`, default 10000 (at most REQUEST_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
  /**
   * Open connections allowed from one address (IPv6: one /64); the next is closed at once.
   * `MAX_CONNECTIONS_PER_IP`, 0 = no cap. Default 100, or 0 when TRUST_PROXY is set: behind a
   * proxy every connection comes from the proxy (cap per client there).
   */
  readonly maxConnectionsPerIp: number;
  /**
   * Which proxies may set X-Forwarded-For. `TRUST_PROXY`: unset/false = none (the socket
   * address is the client), `true` = any, a number = that many hops, or a comma-separated
   * list of addresses/CIDRs.
   */
  readonly trustProxy: TrustProxy;
  /** A MaxMind-format city database replacing the bundled GeoLite2 files. `GEOIP_DB`. */
  readonly geoipDb: string | null;
  /** Signs cookies and ids. `SECRET`; generated once into <dataDir>/secret when absent. */
  readonly secret: string;
  /** First master admin on a fresh database. `ADMIN_EMAIL` / `ADMIN_PASSWORD`. */
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  /** pino level. `LOG_LEVEL`, default info. */
  readonly logLevel: string;
  /**
   * Group-commit window in ms: events arriving within it share one transaction. `WRITER_FLUSH_MS`,
   * default 0: each batch holds what arrived during one turn of the event loop (and, while a
   * commit is in flight, everything that arrives until it ends).
   */
  readonly writerFlushMs: number;
  /** How long a page waits for its event to commit before the event goes to the spool. `WRITER_COMMIT_TIMEOUT_MS`, default 1500. */
  readonly writerCommitTimeoutMs: number;
  /**
   * The host of the management side (sign-in, the session cookie, the web app), e.g.
   * admin.example.com. `APP_HOST`. When set, sessions work only there and no smartlink page is
   * served there, so a client's tag (GTM can run any script) never shares an origin with a
   * signed-in user. Unset: one origin for everything (development).
   */
  readonly appHost: string | null;
  /** Bearer token for GET /metrics (Prometheus). `METRICS_TOKEN`; unset: /metrics is off. At least 16 characters. */
  readonly metricsToken: string | null;
  /**
   * One log line per answered request (pino, level info): method, route pattern, status, duration,
   * host, bytes; never an address, a raw path or a query string. `ACCESS_LOG=true`; default false
   * (the event table is the record of page views).
   */
  readonly accessLog: boolean;
  /** The commit this build was made from, shown by `duotrack_build_info`. `BUILD_COMMIT` (7 to 40 hex digits); unset: no commit label. */
  readonly buildCommit: string | null;
  /** Slack incoming webhook for tracking alerts. `SLACK_WEBHOOK_URL`; unset: alerts are recorded, not sent. */
  readonly slackWebhookUrl: string | null;
  /**
   * Addresses that outbound connections (legacy mirror webhooks, Slack, SMTP, the ad platforms'
   * endpoints) may reach although they are not public: loopback, private, link-local and other
   * reserved ranges are refused otherwise, after DNS resolution. `OUTBOUND_ALLOW_ADDRESSES`:
   * comma-separated IP addresses or CIDR ranges, e.g. `10.0.0.0/8,127.0.0.1`; unset: none.
   */
  readonly outboundAllow: readonly string[];
  /** SMTP server for alert emails, e.g. smtp://user:pass@mail.example.com:587. `SMTP_URL`; unset: no email. */
  readonly smtpUrl: string | null;
  /** The sender of invitation and password-reset e-mails. `MAIL_FROM`, default `Duotrack <no-reply@duotrack.local>`. */
  readonly mailFrom: string;
  /** Who gets alert emails (comma-separated). `ALERT_EMAIL_TO`. */
  readonly alertEmailTo: readonly string[];
  /** How often the alert rules are evaluated, in ms. `ALERT_INTERVAL_MS`, default 60000; 0 turns the engine off. */
  readonly alertIntervalMs: number;
  /**
   * How often the analytics rollups fold new events, in ms. `ROLLUP_INTERVAL_MS`, default 2000; 0
   * leaves folding to the analytics requests (each folds what is pending before it reads).
   */
  readonly rollupIntervalMs: number;
  /**
   * How often each node runs the retention purge, in ms. `PURGE_INTERVAL_MS`, default 3600000
   * (hourly); 0 turns it off (then run `duotrack purge` from a scheduler). It deletes the raw events
   * and rollups older than each client's `settings.analyticsRetentionDays`, and first-view claims
   * older than 48 hours.
   */
  readonly purgeIntervalMs: number;
  /**
   * How long a smartlink page's lookup (host + slug → smartlink and client) is cached, in ms.
   * `LANDING_CACHE_MS`, default 5000. A change made through the API expires it on every node at
   * once (PostgreSQL LISTEN/NOTIFY); this bounds the staleness when that notification is missed.
   */
  readonly landingCacheMs: number;
  /**
   * DNS servers that custom domain verification asks (the TXT record, and the domain's addresses
   * for the HTTP check). `DNS_SERVERS`: comma-separated addresses, each with an optional port
   * (`1.1.1.1`, `127.0.0.1:5353`, `[2606:4700:4700::1111]:53`); unset: the system's (/etc/resolv.conf).
   */
  readonly dnsServers: readonly string[];
  /**
   * The port the HTTP check of a custom domain connects to (http://<domain>:<port>/.well-known/duotrack-verify/…).
   * `DOMAIN_VERIFY_HTTP_PORT`, default 80, where the proxy in front of Duotrack answers plain HTTP.
   */
  readonly domainVerifyHttpPort: number;
  /** How often each node sends what the delivery queue holds (ad platforms, legacy mirror), in ms. `DELIVERY_INTERVAL_MS`, default 1000; 0 turns sending off on this node. */
  readonly deliveryIntervalMs: number;
  /** Registers GET /_bench/bare, the no-tracking baseline route of `npm run bench`. `BENCH_ROUTES=1`. */
  readonly benchRoutes: boolean;
  /** Server-side forwarding endpoints (tests and proxies point them elsewhere). `GA4_MP_URL`, default https://www.google-analytics.com. */
  readonly ga4MpUrl: string;
  /** GA4's EU endpoint, for clients with `forwarding.ga4.region: 'eu'`. `GA4_MP_EU_URL`, default https://region1.google-analytics.com. */
  readonly ga4MpEuUrl: string;
  /** `META_GRAPH_URL`, default https://graph.facebook.com. */
  readonly metaGraphUrl: string;
  /** `TIKTOK_EVENTS_URL`, default https://business-api.tiktok.com. */
  readonly tiktokEventsUrl: string;
  /** How long one forwarding request may take before it is retried, in ms. `FORWARDING_TIMEOUT_MS`, default 10000. */
  readonly forwardingTimeoutMs: number;
  /**
   * How long forwarding waits for the browser's confirmation (consent, whether GA4 loaded) before
   * deciding without it, in ms. `FORWARDING_GRACE_MS`, default 60000.
   */
  readonly forwardingGraceMs: number;
  /**
   * Where a tap from the Instagram, Facebook, Messenger or TikTok in-app browser tries the
   * service's app (src/landing/app-open.ts): `APP_OPENING`, a comma list of ios and android
   * (default both), or off. Turning a platform off answers its taps with the plain 302 again.
   */
  readonly appOpening: ReadonlySet<AppPlatform>;
  /**
   * Certificate authorities that outbound https connections trust besides the system's (an
   * internal CDN or webhook endpoint with a private CA). `OUTBOUND_CA_FILE`: a PEM file; unset: the system's only.
   */
  readonly outboundCa: string | null;
  /** The largest artwork image Duotrack downloads, in bytes. `ARTWORK_MAX_BYTES`, default 10485760 (10 MB). */
  readonly artworkMaxBytes: number;
  /**
   * How often each node looks for smartlinks whose artwork is not yet copied (and the first retry
   * delay after a failed download; each next one is 4 times longer, 4 retries), in ms.
   * `ARTWORK_RETRY_MS`, default 60000; 0 turns background artwork ingestion off on this node.
   */
  readonly artworkRetryMs: number;
  /**
   * New artwork images each client's saves may store per 24 hours (an image stored already does not
   * count); beyond, the copy is refused with a warning and the page keeps artworkUrl.
   * `ARTWORK_DAILY_CAP`, default 200.
   */
  readonly artworkDailyCap: number;
  /** The catalogue resolver's providers (src/catalogue/). */
  readonly catalogue: CatalogueSettings;
}

/** Where the catalogue resolver asks, with which credentials, for which storefronts. */
export interface CatalogueSettings {
  /** `DEEZER_API_URL`, default https://api.deezer.com. */
  readonly deezerUrl: string;
  /** `ITUNES_API_URL`, default https://itunes.apple.com. */
  readonly itunesUrl: string;
  /** `SPOTIFY_API_URL`, default https://api.spotify.com. */
  readonly spotifyUrl: string;
  /** `SPOTIFY_ACCOUNTS_URL` (the token endpoint's host), default https://accounts.spotify.com. */
  readonly spotifyAccountsUrl: string;
  /** A Spotify app's client-credentials pair. `SPOTIFY_CLIENT_ID` / `SPOTIFY_CLIENT_SECRET`; unset: Spotify is `not_configured`. */
  readonly spotifyClientId: string | null;
  readonly spotifyClientSecret: string | null;
  /** `ODESLI_API_URL`, default https://api.song.link. */
  readonly odesliUrl: string;
  /** `ODESLI_API_KEY`, optional: without it Odesli allows 10 requests a minute and Amazon storefronts are derived, not asked. */
  readonly odesliKey: string | null;
  /** `MUSICBRAINZ_API_URL`, default https://musicbrainz.org. */
  readonly musicbrainzUrl: string;
  /** The contact (e-mail or URL) in MusicBrainz's required User-Agent. `CATALOGUE_CONTACT`; unset: MusicBrainz is `not_configured`. */
  readonly contact: string | null;
  /** Storefront countries looked up per release, the first the main one. `CATALOGUE_COUNTRIES`, default US,GB,FR,DE,CA,AU,JP,BR. */
  readonly countries: readonly string[];
  /** How long providers' answers are cached, in ms. `CATALOGUE_CACHE_MS`, default 3600000 (an hour); 0: no cache. */
  readonly cacheMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

export type CliLanguage = 'en' | 'fr';

/**
 * The command line's language: the terminal's (LC_ALL, then LC_MESSAGES, then LANG, as every Unix
 * program reads them): 'fr_FR.UTF-8' → 'fr'; 'C', unset or a language Duotrack does not speak → 'en'.
 */
export function terminalLanguage(env: Env): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr([_.@-]|$)/i.test(locale) ? 'fr' : 'en';
}

export function loadConfig(rawEnv: Env = process.env): Config {
  // An empty variable means unset, as in most deployment tools.
  const env: Env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== ''));
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  return {
    port: intInRange(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: databaseUrl(env.DATABASE_URL, dataDir),
    dataDir,
    trustProxy,
    ...serverLimits(env, trustProxy),
    geoipDb: env.GEOIP_DB ? resolve(env.GEOIP_DB) : null,
    secret: env.SECRET ?? storedSecret(dataDir),
    adminEmail: env.ADMIN_EMAIL ?? null,
    adminPassword: env.ADMIN_PASSWORD ?? null,
    logLevel: env.LOG_LEVEL ?? 'info',
    writerFlushMs: intInRange(env, 'WRITER_FLUSH_MS', 0, 0, 1000),
    writerCommitTimeoutMs: intInRange(env, 'WRITER_COMMIT_TIMEOUT_MS', 1500, 50, 60_000),
    appHost: env.APP_HOST === undefined ? null : normalHost(env.APP_HOST),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    accessLog: bool(env, 'ACCESS_LOG', false),
    buildCommit: buildCommit(env.BUILD_COMMIT),
    slackWebhookUrl: webUrl('SLACK_WEBHOOK_URL', env.SLACK_WEBHOOK_URL),
    outboundAllow: parseAddressList('OUTBOUND_ALLOW_ADDRESSES', env.OUTBOUND_ALLOW_ADDRESSES),
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM ?? 'Duotrack <no-reply@duotrack.local>',
    alertEmailTo: (env.ALERT_EMAIL_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    alertIntervalMs: intInRange(env, 'ALERT_INTERVAL_MS', 60_000, 0, 86_400_000),
    rollupIntervalMs: intInRange(env, 'ROLLUP_INTERVAL_MS', 2000, 0, 3_600_000),
    purgeIntervalMs: intInRange(env, 'PURGE_INTERVAL_MS', 3_600_000, 0, 86_400_000),
    landingCacheMs: intInRange(env, 'LANDING_CACHE_MS', 5000, 0, 3_600_000),
    dnsServers: parseDnsServers(env.DNS_SERVERS),
    domainVerifyHttpPort: intInRange(env, 'DOMAIN_VERIFY_HTTP_PORT', 80, 1, 65535),
    deliveryIntervalMs: intInRange(env, 'DELIVERY_INTERVAL_MS', 1000, 0, 3_600_000),
    benchRoutes: env.BENCH_ROUTES === '1',
    ga4MpUrl: baseUrl('GA4_MP_URL', env.GA4_MP_URL, 'https://www.google-analytics.com'),
    ga4MpEuUrl: baseUrl('GA4_MP_EU_URL', env.GA4_MP_EU_URL, 'https://region1.google-analytics.com'),
    metaGraphUrl: baseUrl('META_GRAPH_URL', env.META_GRAPH_URL, 'https://graph.facebook.com'),
    tiktokEventsUrl: baseUrl('TIKTOK_EVENTS_URL', env.TIKTOK_EVENTS_URL, 'https://business-api.tiktok.com'),
    forwardingTimeoutMs: intInRange(env, 'FORWARDING_TIMEOUT_MS', 10_000, 100, 120_000),
    forwardingGraceMs: intInRange(env, 'FORWARDING_GRACE_MS', 60_000, 0, 3_600_000),
    appOpening: parseAppOpening(env.APP_OPENING),
    outboundCa: pemFile('OUTBOUND_CA_FILE', env.OUTBOUND_CA_FILE),
    artworkMaxBytes: intInRange(env, 'ARTWORK_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    artworkRetryMs: intInRange(env, 'ARTWORK_RETRY_MS', 60_000, 0, 86_400_000),
    artworkDailyCap: intInRange(env, 'ARTWORK_DAILY_CAP', 200, 1, 100_000),
    catalogue: catalogueSettings(env),
  };
}

function databaseUrl(value: string | undefined, dataDir: string): string {
  const url = value ?? `sqlite:${join(dataDir, 'duotrack.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(url)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
  }
  return url;
}

function parseAppOpening(value: string | undefined): ReadonlySet<AppPlatform> {
  if (value === undefined || value.trim() === '') return new Set(['ios', 'android']);
  if (value.trim().toLowerCase() === 'off') return new Set();
  const platforms = value.split(',').map((p) => p.trim().toLowerCase());
  const bad = platforms.find((p) => p !== 'ios' && p !== 'android');
  if (bad !== undefined) throw new ConfigError(`APP_OPENING: "${bad}" is not ios or android (use "ios,android", one of them, or "off")`);
  return new Set(platforms as AppPlatform[]);
}

export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry)) {
      throw new ConfigError(`TRUST_PROXY: "${entry}" is not an address, a CIDR, or true/false/a hop count`);
    }
  }
  return list;
}

function serverLimits(env: Env, trustProxy: TrustProxy): Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs' | 'maxConnectionsPerIp'> {
  const requestTimeoutMs = intInRange(env, 'REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000);
  const behindProxy = trustProxy !== false && trustProxy !== 0;
  return {
    requestTimeoutMs,
    headersTimeoutMs: intInRange(env, 'HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, requestTimeoutMs),
    maxConnectionsPerIp: intInRange(env, 'MAX_CONNECTIONS_PER_IP', behindProxy ? 0 : 100, 0, 1_000_000),
  };
}

/** IP addresses (in canonical form, as DNS answers write them) and CIDR ranges. */
function parseAddressList(name: string, value: string | undefined): readonly string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [address = '', bits] = entry.split('/');
    try {
      if (isIP(address) === 0) throw new Error('not strict IP syntax');
      if (bits === undefined) return ipaddr.parse(address).toString();
      const [range, prefix] = ipaddr.parseCIDR(entry);
      return `${range.toString()}/${prefix}`;
    } catch {
      throw new ConfigError(`${name}: "${entry}" is not an IP address or a CIDR range`);
    }
  });
}

/** DNS server addresses, each with an optional port, in the forms node:dns `setServers` takes. */
function parseDnsServers(value: string | undefined): readonly string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const [, address = entry, port] = /^\[(.+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry) ?? [];
    if (isIP(address) === 0 || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) {
      throw new ConfigError(`DNS_SERVERS: "${entry}" is not an IP address with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53)`);
    }
    return entry;
  });
}

function webUrl(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new ConfigError(`${name} must be an http(s) URL`);
  return value;
}

/** An http(s) origin (and optional path prefix), without a trailing slash. */
function baseUrl(name: string, value: string | undefined, fallback: string): string {
  return (webUrl(name, value) ?? fallback).replace(/\/+$/, '');
}

function smtpUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^smtps?:\/\/[^\s/]+/.test(value)) throw new ConfigError('SMTP_URL must look like smtp://user:pass@host:587 (or smtps://)');
  return value;
}

function metricsToken(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length < 16) throw new ConfigError('METRICS_TOKEN must have at least 16 characters');
  return value;
}

function buildCommit(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[0-9a-f]{7,40}$/i.test(value)) throw new ConfigError(`BUILD_COMMIT must be a commit hash (7 to 40 hex digits), got "${value}"`);
  return value.toLowerCase();
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function intInRange(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function pemFile(name: string, path: string | undefined): string | null {
  if (path === undefined || path === '') return null;
  let pem: string;
  try {
    pem = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${name}: ${path} holds no PEM certificate`);
  return pem;
}

function catalogueSettings(env: Env): CatalogueSettings {
  const countries = (env.CATALOGUE_COUNTRIES ?? 'US,GB,FR,DE,CA,AU,JP,BR').split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  const bad = countries.find((c) => toCountryCode(c) !== c);
  if (bad !== undefined || countries.length === 0 || countries.length > 30) {
    throw new ConfigError(`CATALOGUE_COUNTRIES: 1 to 30 ISO 3166-1 alpha-2 country codes, comma-separated (US,GB,FR…)${bad ? `; "${bad}" is not one` : ''}`);
  }
  if ((env.SPOTIFY_CLIENT_ID === undefined) !== (env.SPOTIFY_CLIENT_SECRET === undefined)) throw new ConfigError('SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET go together: set both or neither');
  return {
    deezerUrl: baseUrl('DEEZER_API_URL', env.DEEZER_API_URL, 'https://api.deezer.com'),
    itunesUrl: baseUrl('ITUNES_API_URL', env.ITUNES_API_URL, 'https://itunes.apple.com'),
    spotifyUrl: baseUrl('SPOTIFY_API_URL', env.SPOTIFY_API_URL, 'https://api.spotify.com'),
    spotifyAccountsUrl: baseUrl('SPOTIFY_ACCOUNTS_URL', env.SPOTIFY_ACCOUNTS_URL, 'https://accounts.spotify.com'),
    spotifyClientId: env.SPOTIFY_CLIENT_ID ?? null,
    spotifyClientSecret: env.SPOTIFY_CLIENT_SECRET ?? null,
    odesliUrl: baseUrl('ODESLI_API_URL', env.ODESLI_API_URL, 'https://api.song.link'),
    odesliKey: env.ODESLI_API_KEY ?? null,
    musicbrainzUrl: baseUrl('MUSICBRAINZ_API_URL', env.MUSICBRAINZ_API_URL, 'https://musicbrainz.org'),
    contact: env.CATALOGUE_CONTACT ?? null,
    countries: [...new Set(countries)],
    cacheMs: intInRange(env, 'CATALOGUE_CACHE_MS', 3_600_000, 0, 7 * 86_400_000),
  };
}

/** Reads <dataDir>/secret, creating it (0600) with 32 random bytes the first time. */
function storedSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim(); // another process created it first
    }
  }
}

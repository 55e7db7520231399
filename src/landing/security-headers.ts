// Security headers of every HTML response: a CSP with a fresh nonce that allows the configured
// tags' hosts and the page's own images, nothing else (an image to any host would be a way to send
// data before consent), and where the browser reports what the policy blocked.
//
// A client's tag policy (tenants/tags.ts) widens it for GTM containers:
//   strict    script-src: the nonce and the configured tags' hosts. A script the container adds from
//             any other host (a Google Ads, Floodlight, Snap, Pinterest, Reddit, X or Spotify tag, a
//             Custom HTML tag's script) is blocked, and so are its pixels and requests.
//   gtm-open  script-src adds 'strict-dynamic': any script a nonced script inserts runs — GTM, and
//             whatever GTM inserts, from any host, and what those insert in turn (browsers without
//             'strict-dynamic' fall back to the host list). img/connect/frame add the hosts of
//             Google's guide "Use a Content Security Policy with Google tags"
//             (https://developers.google.com/tag-platform/security/guides/csp: Google Ads conversions
//             and remarketing, Floodlight) and the client's tagAllowList.
// The trade-off of gtm-open: whoever can publish the client's GTM container can run any script on
// its smartlink pages — read the page, the fan's taps and the first-party cookies Duotrack sets
// (dt_consent), and send them to an allowed host. Images and requests still go only to the listed
// hosts; form-action, base-uri, frame-ancestors, object/worker sources and default-src stay
// closed, so the page cannot be framed, post a form, or change its base URL. Consent Mode v2 still
// gates what Google's own tags send (they read the consent state the page sets), but nothing gates
// a Custom HTML tag or a non-Google vendor's script: it must check the consent state itself (or be
// fired by a GTM trigger that does). A google.<country> host Google Ads may redirect to (other than
// www.google.com) is not listed and is reported when blocked.
import { randomBytesFromPool } from '../random.js';
import { DEFAULT_TAG_POLICY, tagHostSource, type TagIds, type TagPolicy } from '../tenants/tags.js';

export function newNonce(): string {
  return randomBytesFromPool(16).toString('base64');
}

export interface CspSources {
  readonly script: readonly string[];
  readonly connect: readonly string[];
  readonly frame: readonly string[];
  readonly img: readonly string[];
  /** gtm-open: scripts a nonced script inserts run too ('strict-dynamic'). */
  readonly strictDynamic: boolean;
}

type HostLists = Omit<CspSources, 'strictDynamic'>;
type Sources = { -readonly [K in keyof HostLists]?: readonly string[] };

/** What each tag needs to load and to send (Google's, Meta's and TikTok's CSP guidance). */
const GOOGLE: Sources = {
  script: ['https://www.googletagmanager.com'],
  connect: ['https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com'],
  img: ['https://*.google-analytics.com', 'https://*.googletagmanager.com'],
};
const GTM_NOSCRIPT: Sources = { frame: ['https://www.googletagmanager.com'] };
const META: Sources = { script: ['https://connect.facebook.net'], connect: ['https://www.facebook.com', 'https://connect.facebook.net'], img: ['https://www.facebook.com'] };
const TIKTOK: Sources = { script: ['https://analytics.tiktok.com'], connect: ['https://analytics.tiktok.com'], img: ['https://analytics.tiktok.com'] };
/** gtm-open: Google Ads conversions and remarketing, Floodlight (Google's CSP guide for Google tags, above). */
const GOOGLE_ADS: Sources = {
  script: ['https://www.googleadservices.com', 'https://googleads.g.doubleclick.net', 'https://www.google.com'],
  img: ['https://www.googleadservices.com', 'https://www.google.com', 'https://*.doubleclick.net', 'https://ade.googlesyndication.com'],
  connect: ['https://www.googleadservices.com', 'https://www.google.com', 'https://*.doubleclick.net', 'https://pagead2.googlesyndication.com'],
  frame: ['https://www.googletagmanager.com', 'https://*.doubleclick.net'],
};

/** A client's tag policy, as its settings hold it (absent: strict, no extra host). */
export interface TagPolicySettings {
  readonly tagPolicy?: TagPolicy;
  readonly tagAllowList?: readonly string[];
}

/**
 * The sources a page needs: its configured tags', the origins of its own https images, and under
 * gtm-open with a GTM container, Google's ads hosts and the client's allow-list (without a
 * container nothing would load them, so the policy stays strict).
 */
export function cspSources(tags: TagIds, images: readonly (string | null)[], policy: TagPolicySettings = {}): CspSources {
  const open = (policy.tagPolicy ?? DEFAULT_TAG_POLICY) === 'gtm-open' && !!tags.gtm;
  const parts: Sources[] = [];
  if (tags.gtm || tags.ga4) parts.push(GOOGLE);
  if (tags.gtm) parts.push(GTM_NOSCRIPT);
  if (tags.facebook) parts.push(META);
  if (tags.tiktok) parts.push(TIKTOK);
  if (open) {
    const allowed = (policy.tagAllowList ?? []).map(tagHostSource);
    parts.push(GOOGLE_ADS, { script: allowed, img: allowed, connect: allowed, frame: allowed });
  }
  parts.push({ img: images.flatMap((url) => (url?.startsWith('https://') ? [new URL(url).origin] : [])) });
  const merge = (key: keyof HostLists) => [...new Set(parts.flatMap((p) => p[key] ?? []))];
  return { script: merge('script'), connect: merge('connect'), frame: merge('frame'), img: merge('img'), strictDynamic: open };
}

/** The reporting endpoint's name in `report-to` and `Reporting-Endpoints`. */
const REPORT_GROUP = 'csp';

export interface PageHeaderOptions {
  /** Default 'private, no-cache'. */
  readonly cacheControl?: string;
  /** Where the page's forms may post: "'self'" on the privacy page; "'none'" (default) elsewhere. */
  readonly formAction?: string;
  /** Where browsers report what the policy blocked. Default: no reports. */
  readonly report?: CspReporting;
}

export interface CspReporting {
  /** report-uri, for every browser. */
  readonly path: string;
  /**
   * Also report-to and Reporting-Endpoints (the Reporting API), on https pages only: Chromium
   * delivers Reporting API reports only to https endpoints, and ignores report-uri once report-to
   * is set, so over plain http (development, tests) that would lose every report.
   */
  readonly reportingApi: boolean;
}

/** A policy's host lists as they stand in it (" host host…"): joined once per CspSources, which a rendered page keeps. */
interface JoinedSources {
  readonly script: string;
  readonly img: string;
  readonly connect: string;
  /** The whole directive with its separator ("; frame-src …"), '' without frame hosts. */
  readonly frame: string;
}

const joinedSources = new WeakMap<CspSources, JoinedSources>();

function joined(sources: CspSources): JoinedSources {
  let lists = joinedSources.get(sources);
  if (lists === undefined) {
    const list = (hosts: readonly string[]) => hosts.map((host) => ` ${host}`).join('');
    lists = {
      script: list(sources.strictDynamic ? ["'strict-dynamic'", ...sources.script] : sources.script),
      img: list(sources.img),
      connect: list(sources.connect),
      frame: sources.frame.length ? `; frame-src${list(sources.frame)}` : '',
    };
    joinedSources.set(sources, lists);
  }
  return lists;
}

export function pageHeaders(nonce: string, sources: CspSources, { cacheControl = 'private, no-cache', formAction = "'none'", report }: PageHeaderOptions = {}): Record<string, string> {
  const lists = joined(sources);
  return {
    'content-type': 'text/html; charset=utf-8',
    // Every navigation must reach the server (no-cache revalidates; private keeps shared caches
    // out), yet a back/forward-cache restore stays possible and creates no second view.
    'cache-control': cacheControl,
    ...(report?.reportingApi ? { 'reporting-endpoints': `${REPORT_GROUP}="${report.path}"` } : {}),
    // Directives separated by "; ". Built per response (the nonce), so by concatenation alone.
    'content-security-policy':
      `default-src 'none'; script-src 'nonce-${nonce}'${lists.script}; style-src 'nonce-${nonce}'; ` +
      `img-src 'self' data:${lists.img}; connect-src 'self'${lists.connect}${lists.frame}; ` +
      `base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'` +
      (report ? `; report-uri ${report.path}${report.reportingApi ? `; report-to ${REPORT_GROUP}` : ''}` : ''),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

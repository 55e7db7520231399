// Security headers of every HTML response: a CSP with a fresh nonce that allows the configured
// tags' hosts and nothing else.
import { randomBytesFromPool } from '../random.js';
import type { TagIds } from '../tenants/tags.js';

export function newNonce(): string {
  return randomBytesFromPool(16).toString('base64');
}

export interface TagHosts {
  readonly script: readonly string[];
  readonly connect: readonly string[];
  readonly frame: readonly string[];
}

const GOOGLE = {
  script: ['https://www.googletagmanager.com'],
  connect: ['https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com'],
};

/** What each configured tag needs to load and to send (Google's, Meta's and TikTok's CSP guidance). */
export function tagHosts(tags: TagIds): TagHosts {
  const script = new Set<string>();
  const connect = new Set<string>();
  const frame = new Set<string>();
  if (tags.gtm || tags.ga4) {
    GOOGLE.script.forEach((h) => script.add(h));
    GOOGLE.connect.forEach((h) => connect.add(h));
  }
  if (tags.gtm) frame.add('https://www.googletagmanager.com'); // the <noscript> iframe
  if (tags.facebook) {
    script.add('https://connect.facebook.net');
    connect.add('https://www.facebook.com').add('https://connect.facebook.net');
  }
  if (tags.tiktok) {
    script.add('https://analytics.tiktok.com');
    connect.add('https://analytics.tiktok.com');
  }
  return { script: [...script], connect: [...connect], frame: [...frame] };
}

const NO_TAGS: TagHosts = { script: [], connect: [], frame: [] };

export function pageHeaders(nonce: string, hosts: TagHosts = NO_TAGS, cacheControl = 'private, no-cache'): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    // Every navigation must reach the server (no-cache revalidates; private keeps shared caches
    // out), yet a back/forward-cache restore stays possible and creates no second view.
    'cache-control': cacheControl,
    'content-security-policy': [
      "default-src 'none'",
      ['script-src', `'nonce-${nonce}'`, ...hosts.script].join(' '),
      `style-src 'nonce-${nonce}'`,
      "img-src 'self' https: data:",
      ['connect-src', "'self'", ...hosts.connect].join(' '),
      ...(hosts.frame.length ? [['frame-src', ...hosts.frame].join(' ')] : []),
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

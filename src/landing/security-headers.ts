// Security headers of every HTML response: a CSP with a fresh nonce that allows the configured
// tags' hosts and the page's own images, nothing else (an image to any host would be a way to send
// data before consent).
import { randomBytesFromPool } from '../random.js';
import type { TagIds } from '../tenants/tags.js';

export function newNonce(): string {
  return randomBytesFromPool(16).toString('base64');
}

export interface CspSources {
  readonly script: readonly string[];
  readonly connect: readonly string[];
  readonly frame: readonly string[];
  readonly img: readonly string[];
}

type Sources = { -readonly [K in keyof CspSources]?: readonly string[] };

/** What each tag needs to load and to send (Google's, Meta's and TikTok's CSP guidance). */
const GOOGLE: Sources = {
  script: ['https://www.googletagmanager.com'],
  connect: ['https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com'],
  img: ['https://*.google-analytics.com', 'https://*.googletagmanager.com'],
};
const GTM_NOSCRIPT: Sources = { frame: ['https://www.googletagmanager.com'] };
const META: Sources = { script: ['https://connect.facebook.net'], connect: ['https://www.facebook.com', 'https://connect.facebook.net'], img: ['https://www.facebook.com'] };
const TIKTOK: Sources = { script: ['https://analytics.tiktok.com'], connect: ['https://analytics.tiktok.com'], img: ['https://analytics.tiktok.com'] };

/** The sources a page needs: its configured tags', and the origins of its own https images. */
export function cspSources(tags: TagIds, images: readonly (string | null)[]): CspSources {
  const parts: Sources[] = [];
  if (tags.gtm || tags.ga4) parts.push(GOOGLE);
  if (tags.gtm) parts.push(GTM_NOSCRIPT);
  if (tags.facebook) parts.push(META);
  if (tags.tiktok) parts.push(TIKTOK);
  parts.push({ img: images.flatMap((url) => (url?.startsWith('https://') ? [new URL(url).origin] : [])) });
  const merge = (key: keyof CspSources) => [...new Set(parts.flatMap((p) => p[key] ?? []))];
  return { script: merge('script'), connect: merge('connect'), frame: merge('frame'), img: merge('img') };
}

/** `formAction`: where the page's forms may post ("'self'" on the privacy page; none elsewhere). */
export function pageHeaders(nonce: string, sources: CspSources, cacheControl = 'private, no-cache', formAction = "'none'"): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    // Every navigation must reach the server (no-cache revalidates; private keeps shared caches
    // out), yet a back/forward-cache restore stays possible and creates no second view.
    'cache-control': cacheControl,
    'content-security-policy': [
      "default-src 'none'",
      ['script-src', `'nonce-${nonce}'`, ...sources.script].join(' '),
      `style-src 'nonce-${nonce}'`,
      ['img-src', "'self'", 'data:', ...sources.img].join(' '),
      ['connect-src', "'self'", ...sources.connect].join(' '),
      ...(sources.frame.length ? [['frame-src', ...sources.frame].join(' ')] : []),
      "base-uri 'none'",
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

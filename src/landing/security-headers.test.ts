// The page's CSP per tag policy, read as a table: which sources each directive gets.
import { describe, expect, it } from 'vitest';
import { cspSources, newNonce, pageHeaders, type CspReporting, type TagPolicySettings } from './security-headers.js';
import type { TagIds } from '../tenants/tags.js';

const NONCE = 'bm9uY2U=';

/** The tokens of each directive of the page's CSP. */
function directives(tags: TagIds, policy: TagPolicySettings, report?: CspReporting): Record<string, string[]> {
  const csp = pageHeaders(NONCE, cspSources(tags, [], policy), report ? { report } : {})['content-security-policy'] ?? '';
  return Object.fromEntries(csp.split('; ').map((d) => { const [name = '', ...tokens] = d.split(' '); return [name, tokens]; }));
}

const GTM = { gtm: 'GTM-ABC1234' } as const;
const GOOGLE_ADS_HOSTS = ['https://www.googleadservices.com', 'https://www.google.com', 'https://*.doubleclick.net'];

describe('the CSP of a smartlink page, per tag policy', () => {
  it.each([
    {
      name: 'no policy set (existing clients): strict, the configured tags only',
      tags: GTM,
      policy: {},
      script: [`'nonce-${NONCE}'`, 'https://www.googletagmanager.com'],
      imgHas: ['https://*.google-analytics.com'],
      imgLacks: GOOGLE_ADS_HOSTS,
      frame: ['https://www.googletagmanager.com'],
    },
    {
      name: 'strict with an allow-list: the list is not used',
      tags: GTM,
      policy: { tagPolicy: 'strict', tagAllowList: ['static.ads-vendor.test'] },
      script: [`'nonce-${NONCE}'`, 'https://www.googletagmanager.com'],
      imgHas: [],
      imgLacks: ['https://static.ads-vendor.test', ...GOOGLE_ADS_HOSTS],
      frame: ['https://www.googletagmanager.com'],
    },
    {
      name: 'gtm-open: strict-dynamic, Google Ads hosts and the allow-list (host list kept as fallback)',
      tags: GTM,
      policy: { tagPolicy: 'gtm-open', tagAllowList: ['https://static.ads-vendor.test', '*.Pixel.example'] },
      script: [
        `'nonce-${NONCE}'`,
        "'strict-dynamic'",
        'https://www.googletagmanager.com',
        'https://www.googleadservices.com',
        'https://googleads.g.doubleclick.net',
        'https://www.google.com',
        'https://static.ads-vendor.test',
        'https://*.pixel.example',
      ],
      imgHas: [...GOOGLE_ADS_HOSTS, 'https://static.ads-vendor.test', 'https://*.pixel.example'],
      imgLacks: [],
      frame: ['https://www.googletagmanager.com', 'https://*.doubleclick.net', 'https://static.ads-vendor.test', 'https://*.pixel.example'],
    },
    {
      name: 'gtm-open without a GTM container: nothing would load the extra hosts, so strict',
      tags: { ga4: 'G-ABCDE12345' },
      policy: { tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test'] },
      script: [`'nonce-${NONCE}'`, 'https://www.googletagmanager.com'],
      imgHas: [],
      imgLacks: ['https://static.ads-vendor.test', ...GOOGLE_ADS_HOSTS],
      frame: [],
    },
  ] as const)('$name', ({ tags, policy, script, imgHas, imgLacks, frame }) => {
    const d = directives(tags, policy);
    expect(d['script-src']).toEqual(script);
    for (const host of imgHas) {
      expect(d['img-src']).toContain(host);
      expect(d['connect-src']).toContain(host);
    }
    for (const host of imgLacks) {
      expect(d['img-src']).not.toContain(host);
      expect(d['connect-src']).not.toContain(host);
    }
    expect(d['frame-src'] ?? []).toEqual(frame);
  });

  it.each([
    { name: 'strict', policy: { tagPolicy: 'strict' } },
    { name: 'gtm-open', policy: { tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test'] } },
  ] as const)('$name keeps everything else closed: no unsafe keyword, no form, no framing, no base, default none', ({ policy }) => {
    const d = directives(GTM, policy);
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'none'"]);
    expect(d['form-action']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['style-src']).toEqual([`'nonce-${NONCE}'`]);
    for (const tokens of Object.values(d)) for (const t of tokens) expect(t).not.toMatch(/unsafe|^https?:$|^\*$/);
  });

  it.each([
    { name: 'an https page: report-uri, and report-to named in Reporting-Endpoints', reportingApi: true },
    { name: 'an http page: report-uri only (Chromium would drop the reports to an http endpoint)', reportingApi: false },
  ])('$name', ({ reportingApi }) => {
    const report = { path: '/csp-report?c=abc.sig', reportingApi };
    const headers = pageHeaders(NONCE, cspSources(GTM, []), { report });
    const d = directives(GTM, {}, report);
    expect(d['report-uri']).toEqual([report.path]);
    expect(d['report-to']).toEqual(reportingApi ? ['csp'] : undefined);
    expect(headers['reporting-endpoints']).toBe(reportingApi ? `csp="${report.path}"` : undefined);
    expect(pageHeaders(NONCE, cspSources(GTM, []))['content-security-policy']).not.toContain('report');
  });

  it.each([
    {
      name: 'every tag, an image host, the Forget form and https reports',
      sources: () => cspSources({ gtm: 'GTM-ABC1234', ga4: 'G-ABCDE12345', facebook: '1234567890', tiktok: 'CABCDEF' }, ['https://cdn.example/a.jpg', null]),
      options: { formAction: "'self'", report: { path: '/csp-report?c=abc.sig', reportingApi: true } },
      policy:
        "default-src 'none'; script-src 'nonce-<n>' https://www.googletagmanager.com https://connect.facebook.net https://analytics.tiktok.com; style-src 'nonce-<n>'; " +
        "img-src 'self' data: https://*.google-analytics.com https://*.googletagmanager.com https://www.facebook.com https://analytics.tiktok.com https://cdn.example; " +
        "connect-src 'self' https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com https://www.facebook.com https://connect.facebook.net https://analytics.tiktok.com; " +
        "frame-src https://www.googletagmanager.com; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; report-uri /csp-report?c=abc.sig; report-to csp",
    },
    {
      name: 'gtm-open with an allow-list, no reports',
      sources: () => cspSources(GTM, [], { tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test'] }),
      options: {},
      policy:
        "default-src 'none'; script-src 'nonce-<n>' 'strict-dynamic' https://www.googletagmanager.com https://www.googleadservices.com https://googleads.g.doubleclick.net https://www.google.com https://static.ads-vendor.test; style-src 'nonce-<n>'; " +
        "img-src 'self' data: https://*.google-analytics.com https://*.googletagmanager.com https://www.googleadservices.com https://www.google.com https://*.doubleclick.net https://ade.googlesyndication.com https://static.ads-vendor.test; " +
        "connect-src 'self' https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com https://www.googleadservices.com https://www.google.com https://*.doubleclick.net https://pagead2.googlesyndication.com https://static.ads-vendor.test; " +
        "frame-src https://www.googletagmanager.com https://*.doubleclick.net https://static.ads-vendor.test; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
    {
      name: 'no tag (a status page), http reports',
      sources: () => cspSources({}, [null]),
      options: { report: { path: '/csp-report?c=abc.sig', reportingApi: false } },
      policy: "default-src 'none'; script-src 'nonce-<n>'; style-src 'nonce-<n>'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; report-uri /csp-report?c=abc.sig",
    },
  ])('the whole policy as sent, each response with its own nonce: $name', ({ sources, options, policy }) => {
    const kept = sources(); // a rendered page keeps its sources and serves them with a new nonce each time
    for (const nonce of [NONCE, 'b3RoZXI=', NONCE]) {
      expect(pageHeaders(nonce, kept, options)['content-security-policy']).toBe(policy.replaceAll('<n>', nonce));
    }
  });
});

describe('CSP nonces', () => {
  it('are 16 random bytes in base64, a new one for every response, across many refills of the random pool', () => {
    const nonces = Array.from({ length: 10_000 }, () => newNonce()); // the 4 KB pool holds 256 nonces
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});

// The page's CSP per tag policy, read as a table: which sources each directive gets.
import { describe, expect, it } from 'vitest';
import { cspSources, pageHeaders, type CspReporting, type TagPolicySettings } from './security-headers.js';
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
});

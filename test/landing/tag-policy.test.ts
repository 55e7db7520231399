// A client's tag policy and its page's CSP violation reports, through app.inject() on every
// database: the policy and allow-list saved (by the client itself) or refused with a message, the
// page's CSP per policy, the signed report endpoint (both report formats, bounded, rate-limited,
// host only), the blocked hosts in the tracking-performance answer, and the tags_failing alert
// naming the host once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { BLOCKED_HOST_ALERT_REPORTS, createAlertEngine } from '../../src/monitoring/alerts.js';
import { CSP_REPORTS_PER_MINUTE } from '../../src/monitoring/csp-report-routes.js';
import { blockedHostsOf } from '../../src/monitoring/csp-reports.js';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SERVICES = [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }];
const silent = { warn: () => undefined, error: () => undefined };

/** A report as Chromium sends it for report-uri. */
const cspReport = (blocked: string) => ({
  'csp-report': { 'document-uri': 'https://links.label.test/song?fbclid=secret', 'blocked-uri': blocked, 'violated-directive': 'script-src-elem', 'effective-directive': 'script-src-elem' },
});
/** A batch as the Reporting API sends it. */
const reportingApi = (...blocked: string[]) =>
  blocked.map((url) => ({ type: 'csp-violation', age: 10, url: 'https://links.label.test/song?fbclid=secret', user_agent: 'UA', body: { documentURL: 'https://links.label.test/song?fbclid=secret', blockedURL: url, effectiveDirective: 'img-src', disposition: 'enforce' } }));

describe('blocked hosts read from report bodies', () => {
  it.each([
    { name: 'report-uri: the blocked URL’s host only', body: cspReport('https://static.ads-vendor.test/tag.js?id=42&email=fan@x.test'), hosts: ['static.ads-vendor.test'] },
    { name: 'a port is part of the host', body: cspReport('https://pixel.test:8443/p.gif'), hosts: ['pixel.test:8443'] },
    { name: 'inline script and eval as keywords', body: [reportingApi('inline', 'eval')].flat(), hosts: ["'inline'", "'eval'"] },
    { name: 'Reporting API batch', body: reportingApi('https://a.test/x', 'https://b.test/y'), hosts: ['a.test', 'b.test'] },
    { name: 'other report types and junk are ignored', body: [{ type: 'deprecation', body: { blockedURL: 'https://a.test' } }, null, 7, { body: {} }], hosts: [] },
    { name: 'data: and unparsable URLs are ignored', body: [cspReport('data'), cspReport('not a url'), cspReport('data:image/png;base64,AA')], hosts: [] },
  ])('$name', ({ body, hosts }) => {
    expect(Array.isArray(body) && body[0] && 'csp-report' in (body[0] as object) ? (body as unknown[]).flatMap(blockedHostsOf) : blockedHostsOf(body)).toEqual(hosts);
  });
});

describe.each(DIALECTS)('tag policy and CSP reports on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  let other: Client;
  const keys = { master: '', client: '' };

  const patch = (key: string, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/clients/${client.id}`, headers: { authorization: `Bearer ${key}` }, payload });
  const page = async (slug: string) => {
    const res = await t.app.inject({ url: `/${slug}`, headers: { 'x-forwarded-for': '216.160.83.56' } });
    expect(res.statusCode).toBe(200);
    return { csp: String(res.headers['content-security-policy']), reporting: String(res.headers['reporting-endpoints']) };
  };
  /** The report path a page of `slug` names. */
  const reportPath = async (slug: string) => /report-uri ([^\s;]+)/.exec((await page(slug)).csp)![1]!;
  const report = (path: string, body: unknown, contentType = 'application/csp-report', ip = '203.0.113.7') =>
    t.app.inject({ method: 'POST', url: path, headers: { 'content-type': contentType, 'x-forwarded-for': ip }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const counts = async (clientId: string) =>
    (await t.ctx.database.db.selectFrom('csp_reports').select(['host', 'reports']).where('client_id', '=', clientId).orderBy('host').execute()).map((r) => ({ host: r.host, reports: Number(r.reports) }));

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const db = t.ctx.database.db;
    client = await createClient(db, { name: 'Policy Records', tracking: { gtm: 'GTM-ABC1234' } });
    other = await createClient(db, { name: 'Other Records', tracking: { gtm: 'GTM-XYZ9876' } });
    await createSmartlink(db, { clientId: client.id, slug: 'policy', artistName: 'A', trackTitle: 'T', services: SERVICES, status: 'live' });
    await createSmartlink(db, { clientId: other.id, slug: 'policy-other', artistName: 'B', trackTitle: 'U', services: SERVICES, status: 'live' });
    keys.master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    keys.client = (await createApiKey(db, { clientId: client.id, name: 'own' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('a client saves its own tag policy and allow-list (other settings stay the agency’s), and its page’s CSP follows', async () => {
    expect((await page('policy')).csp).not.toContain("'strict-dynamic'");
    const res = await patch(keys.client, { settings: { tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test', 'https://*.pixel.example'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().settings).toMatchObject({ tagPolicy: 'gtm-open', tagAllowList: ['static.ads-vendor.test', 'https://*.pixel.example'], maxSmartlinksPerMonth: 100 });
    const open = (await page('policy')).csp;
    expect(open).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic' /);
    expect(open).toMatch(/img-src [^;]*https:\/\/static\.ads-vendor\.test/);
    expect(open).toMatch(/connect-src [^;]*https:\/\/\*\.pixel\.example/);
    expect(open).toMatch(/img-src [^;]*https:\/\/www\.googleadservices\.com/);

    const agency = await patch(keys.client, { settings: { tagPolicy: 'strict', maxSmartlinksPerMonth: 5000 } });
    expect(agency.statusCode).toBe(403);
    expect(agency.json().message).toBe('only a master key can change settings');

    expect((await patch(keys.master, { settings: { tagPolicy: 'strict' } })).statusCode).toBe(200);
    const strict = (await page('policy')).csp;
    expect(strict).not.toContain("'strict-dynamic'");
    expect(strict).not.toContain('ads-vendor');
  });

  it.each([
    { name: 'an unknown policy', settings: { tagPolicy: 'open' }, message: /settings\/tagPolicy must be equal to one of the allowed values/ },
    { name: 'a CSP keyword', settings: { tagAllowList: ["'unsafe-inline'"] }, message: /settings\.tagAllowList: "'unsafe-inline'" is not an https host/ },
    { name: 'a bare wildcard', settings: { tagAllowList: ['*'] }, message: /"\*" is not an https host/ },
    { name: 'a wildcard inside the host', settings: { tagAllowList: ['ads.*.example'] }, message: /"ads\.\*\.example" is not an https host/ },
    { name: 'an http source', settings: { tagAllowList: ['http://tracker.example'] }, message: /"http:\/\/tracker\.example" is not an https host/ },
    { name: 'a scheme only', settings: { tagAllowList: ['https:'] }, message: /"https:" is not an https host/ },
    { name: 'a path', settings: { tagAllowList: ['https://cdn.example/x.js'] }, message: /is not an https host/ },
    { name: 'a second directive smuggled in', settings: { tagAllowList: ['a.example; script-src *'] }, message: /is not an https host/ },
    { name: 'a host too long', settings: { tagAllowList: [`${'a'.repeat(262)}.example`] }, message: /tagAllowList/ },
    { name: 'too many hosts', settings: { tagAllowList: Array.from({ length: 31 }, (_, i) => `h${i}.example`) }, message: /tagAllowList/ },
    { name: 'not a list', settings: { tagAllowList: 'a.example' }, message: /tagAllowList/ },
  ])('refuses $name with 400 and a message', async ({ settings, message }) => {
    const res = await patch(keys.client, { settings });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('the page names a report endpoint signed for its client; reports in both formats are counted per host, nothing else kept', async () => {
    const { csp, reporting } = await page('policy');
    const path = /report-uri ([^\s;]+)/.exec(csp)![1]!;
    expect(path).toMatch(new RegExp(`^/csp-report\\?c=${client.id}\\.[\\w-]{22}$`));
    expect(csp).not.toContain('report-to'); // an http page: report-uri only (security-headers.ts)
    expect(reporting).toBe('undefined');
    const https = await t.app.inject({ url: '/policy', headers: { 'x-forwarded-for': '216.160.83.56', 'x-forwarded-proto': 'https' } });
    expect(https.headers['content-security-policy']).toContain(`report-uri ${path}; report-to csp`);
    expect(https.headers['reporting-endpoints']).toBe(`csp="${path}"`);

    expect((await report(path, cspReport('https://static.ads-vendor.test/tag.js?email=fan@x.test'))).statusCode).toBe(204);
    const batch = await report(path, reportingApi('https://static.ads-vendor.test/t.js', 'https://px.ads-vendor.test/p.gif?uid=1'), 'application/reports+json');
    expect(batch.statusCode).toBe(204);
    expect(await counts(client.id)).toEqual([
      { host: 'px.ads-vendor.test', reports: 1 },
      { host: 'static.ads-vendor.test', reports: 2 },
    ]);
    const stored = JSON.stringify(await t.ctx.database.db.selectFrom('csp_reports').selectAll().execute());
    for (const secret of ['fbclid', 'email', 'uid=', 'tag.js', '203.0.113.7', 'links.label.test']) expect(stored).not.toContain(secret);
  });

  it('refuses unsigned, forged or another client’s report addresses, bad bodies, big bodies and other types', async () => {
    const path = await reportPath('policy');
    const otherPath = await reportPath('policy-other');
    const sig = path.split('.').pop()!;
    const before = await counts(other.id);
    for (const forged of ['/csp-report', `/csp-report?c=${other.id}`, `/csp-report?c=${other.id}.${sig}`, `/csp-report?c=${other.id}.${'A'.repeat(22)}`]) {
      const res = await report(forged, cspReport('https://evil.test/x'));
      expect([400, 403], forged).toContain(res.statusCode);
    }
    expect(await counts(other.id)).toEqual(before);
    expect((await report(otherPath, cspReport('https://other-vendor.test/x'))).statusCode).toBe(204);
    expect(await counts(other.id)).toEqual([{ host: 'other-vendor.test', reports: 1 }]);

    expect((await report(path, '{not json', 'application/csp-report')).statusCode).toBe(400);
    expect((await report(path, cspReport(`https://big.test/${'x'.repeat(20_000)}`))).statusCode).toBe(413);
    expect((await report(path, '<blocked/>', 'application/xml')).statusCode).toBe(415);
    expect(await counts(client.id)).not.toContainEqual(expect.objectContaining({ host: 'big.test' }));
  });

  it(`limits each address to ${CSP_REPORTS_PER_MINUTE} reports a minute`, async () => {
    const path = await reportPath('policy-other');
    const statuses: number[] = [];
    for (let i = 0; i <= CSP_REPORTS_PER_MINUTE; i++) statuses.push((await report(path, cspReport('https://flood.test/x'), 'application/csp-report', '198.51.100.9')).statusCode);
    expect(statuses.filter((s) => s === 204)).toHaveLength(CSP_REPORTS_PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
    expect((await report(path, cspReport('https://flood.test/x'), 'application/csp-report', '198.51.100.10')).statusCode).toBe(204);
  });

  it('shows the blocked hosts in the tracking-performance answer, and raises one tags_failing alert naming the host', async () => {
    const path = await reportPath('policy');
    for (let i = 0; i < BLOCKED_HOST_ALERT_REPORTS; i++) expect((await report(path, cspReport('https://www.googleadservices.com/pagead/conversion/1/'))).statusCode).toBe(204);
    const perf = await t.app.inject({ url: `/api/v1/analytics/performance?clientId=${client.id}`, headers: { authorization: `Bearer ${keys.client}` } });
    expect(perf.statusCode, perf.body).toBe(200);
    expect(perf.json().blockedByPolicy[0]).toEqual({ host: 'www.googleadservices.com', lastHour: BLOCKED_HOST_ALERT_REPORTS, last24Hours: BLOCKED_HOST_ALERT_REPORTS });
    expect(perf.json().blockedByPolicy).toContainEqual({ host: 'static.ads-vendor.test', lastHour: 2, last24Hours: 2 });
    expect(perf.json().blockedByPolicy.map((b: { host: string }) => b.host)).not.toContain('other-vendor.test');

    const db = t.ctx.database.db;
    const engine = createAlertEngine(db, silent, { outbound: createOutbound(t.ctx.config.outboundAllow), slackWebhookUrl: null });
    const alerts = () => db.selectFrom('alerts').selectAll().where('rule', '=', 'tags_failing').where('scope', '=', client.id).execute();
    await engine.evaluate();
    await engine.evaluate();
    const opened = await alerts();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.state).toBe('open');
    expect(opened[0]!.message).toContain(`www.googleadservices.com (${BLOCKED_HOST_ALERT_REPORTS})`);
    expect(opened[0]!.message).not.toContain('static.ads-vendor.test'); // below the threshold
    // an hour later the host is no longer reported: with too few browsers to judge otherwise, the incident stays as it is
    await engine.evaluate(Date.now() + 2 * 3_600_000);
    expect(await alerts()).toHaveLength(1);
    // the other client's incident names its own blocked host (flooded above), not this client's
    const others = await db.selectFrom('alerts').select('message').where('rule', '=', 'tags_failing').where('scope', '=', other.id).execute();
    expect(others).toHaveLength(1);
    expect(others[0]!.message).toContain('flood.test');
    expect(others[0]!.message).not.toContain('googleadservices');
  });
});

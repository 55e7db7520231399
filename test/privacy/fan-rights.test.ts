// A fan's rights on every database: opting out (cookie or Global Privacy Control) leaves only an
// anonymous count; the privacy page shows today's reference and erases it; staff erase by event,
// session or visitor with every trace gone and the rollups equal to a recomputation; the consent
// log counts choices; a client's raw events export whole, and only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

const ALL_LOADED = { gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' };

describe.each(DIALECTS)('fan rights on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let label: Client;
  let noGpc: Client;
  let link: Smartlink;
  let noGpcLink: Smartlink;
  let masterKey: string;
  let labelKey: string;
  let otherKey: string;

  const fan = (n: number, extra: Record<string, string> = {}) => ({ 'user-agent': `${PHONE_UA} fan${n}`, 'x-forwarded-for': `81.2.69.${20 + n}`, ...extra });
  const view = async (slug: string, headers: Record<string, string>) => {
    const res = await t.app.inject({ url: `/${slug}`, headers });
    expect(res.statusCode).toBe(200);
    return { res, view: JSON.parse(/id="dt-view">([^<]*)</.exec(res.body)![1]!) as { v: string; event_id: string; session_id: string | null; opt_out: boolean; consent: unknown } };
  };
  const confirm = (slug: string, v: string, headers: Record<string, string>, consent: string) =>
    t.app.inject({ method: 'POST', url: '/e', payload: { v, s: slug, kind: 'view', tags: ALL_LOADED, consent }, headers });
  const api = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  const event = (id: string) => t.ctx.database.db.selectFrom('events').selectAll().where('event_id', '=', id).executeTakeFirst();
  const rawViews = async (clientId: string) =>
    Number((await t.ctx.database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', clientId).where('type', '=', 'view').where('excluded_reason', 'is', null).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true', ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    const tracking = { gtm: 'GTM-ABC1234', facebook: '123456789012345' };
    label = await createClient(db, { name: 'Label', tracking, privacy: { contact: 'privacy@label.example', notice: 'Label SAS, 1 rue de la Paix, Paris.' } });
    noGpc = await createClient(db, { name: 'No GPC', settings: { honorGpc: false } });
    const services = [{ service: 'spotify', url: 'https://open.spotify.com/x' }];
    link = await createSmartlink(db, { clientId: label.id, slug: 'rights', artistName: 'Ana', trackTitle: 'Rights', status: 'live', services });
    noGpcLink = await createSmartlink(db, { clientId: noGpc.id, slug: 'nogpc', artistName: 'Bo', trackTitle: 'No', status: 'live', services });
    masterKey = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    labelKey = (await createApiKey(db, { clientId: label.id, name: 'label' })).key;
    otherKey = (await createApiKey(db, { clientId: noGpc.id, name: 'other' })).key;
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('stores an opted-out visit (cookie or GPC) without any identifier, and its page loads no tag', async () => {
    for (const [headers, how] of [[fan(1, { cookie: 'dt_optout=1' }), 'cookie'], [fan(2, { 'sec-gpc': '1' }), 'gpc']] as const) {
      const { res, view: v } = await view('rights', headers);
      expect(v.opt_out).toBe(true);
      expect(v.consent).toEqual({ required: true, choice: 'denied' });
      expect(res.body).not.toContain('googletagmanager.com/ns.html'); // no no-JS GTM either
      const stored = await event(v.event_id);
      expect(stored).toMatchObject({ visitor_id: null, session_id: null, city: null, region: null, ip_truncated: null, country: 'GB', excluded_reason: null, is_unique: 0 });
      expect(stored?.opt_out).toBe(how);
    }
    // a client may choose not to honour GPC
    const { view: ignored } = await view('nogpc', fan(3, { 'sec-gpc': '1' }));
    expect((await event(ignored.event_id))?.opt_out).toBeNull();
    // the anonymous views still count, and the opt-outs are counted apart
    const optOuts = (await (await api(labelKey, 'GET', '/api/v1/analytics/breakdown/opt_out')).json()).rows;
    expect(optOuts.map((r: { value: string; views: number }) => [r.value, r.views]).sort()).toEqual([['cookie', 1], ['gpc', 1]]);
  });

  it('the privacy page says what is collected, why, for how long, who to contact, and opts a fan out and back in', async () => {
    const page = await t.app.inject({ url: '/privacy/rights', headers: fan(4) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    for (const text of ['What is measured', 'deleted after 395 days', 'privacy@label.example', 'Label SAS', 'Opt out of measurement']) expect(page.body).toContain(text);
    expect((await view('rights', {})).res.body).toContain('href="/privacy/rights"'); // linked from the smartlink page

    const out = await t.app.inject({ method: 'POST', url: '/privacy/rights/opt-out', headers: { ...fan(4), origin: 'http://localhost:80', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^dt_optout=1; Max-Age=34128000; Path=\/; SameSite=Lax; HttpOnly/);
    const back = await t.app.inject({ method: 'POST', url: '/privacy/rights/opt-in', headers: { ...fan(4), cookie: 'dt_optout=1' } });
    expect(String(back.headers['set-cookie'])).toContain('dt_optout=; Max-Age=0');
    // a form posted from another site is refused
    const forged = await t.app.inject({ method: 'POST', url: '/privacy/rights/opt-out', headers: { ...fan(4), origin: 'https://evil.example' } });
    expect(forged.statusCode).toBe(404);
    expect(forged.headers['set-cookie']).toBeUndefined();
    expect((await t.app.inject({ url: '/privacy/no-such-link' })).statusCode).toBe(404);
  });

  it('shows a fan today’s reference and erases every record of it on request', async () => {
    const me = fan(5);
    const { view: first } = await view('rights', me);
    await confirm('rights', first.v, me, 'granted');
    expect((await t.app.inject({ url: '/rights/spotify', headers: me })).statusCode).toBe(302);
    const visitor = (await event(first.event_id))!.visitor_id as string;
    const page = await t.app.inject({ url: '/privacy/rights', headers: me });
    expect(page.body).toContain(`<code>${visitor}</code>`);

    const before = await rawViews(label.id);
    const erased = await t.app.inject({ method: 'POST', url: '/privacy/rights/erase', headers: me });
    expect(erased.statusCode).toBe(200);
    expect(erased.body).toContain('3 records erased'); // the view, its confirmation, the click
    const left = await t.ctx.database.db.selectFrom('events').select('event_id').where((eb) => eb.or([eb('visitor_id', '=', visitor), eb('confirms', '=', first.event_id)])).execute();
    expect(left).toEqual([]);
    expect(await t.ctx.database.db.selectFrom('visitor_days').selectAll().where('visitor_id', '=', visitor).execute()).toEqual([]);
    expect(await rawViews(label.id)).toBe(before - 1);
    const overview = (await api(labelKey, 'GET', '/api/v1/analytics/overview')).json();
    expect(overview.views).toBe(before - 1);
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy.erase').execute();
    expect(audit.map((a) => a.target)).toContain(`visitor:${visitor}`);
  });

  it('lets staff erase by event, by session and by visitor, within their own client only', async () => {
    const a = fan(6);
    const b = fan(7);
    const { view: v1 } = await view('rights', a);
    const { view: v2 } = await view('rights', a);
    const { view: v3 } = await view('rights', b);
    await confirm('rights', v3.v, b, 'denied');

    // another client's key: not found, nothing erased
    expect((await api(otherKey, 'POST', '/api/v1/privacy/erasures', { eventId: v1.event_id })).json()).toMatchObject({ events: 0 });
    expect((await api(otherKey, 'POST', '/api/v1/privacy/erasures', { clientId: label.id, eventId: v1.event_id })).statusCode).toBe(404);
    expect(await event(v1.event_id)).toBeDefined();
    // exactly one target
    expect((await api(labelKey, 'POST', '/api/v1/privacy/erasures', { eventId: v1.event_id, visitorId: 'x' })).statusCode).toBe(400);
    expect((await api(labelKey, 'POST', '/api/v1/privacy/erasures', {})).statusCode).toBe(400);

    const byEvent = await api(labelKey, 'POST', '/api/v1/privacy/erasures', { eventId: v1.event_id });
    expect(byEvent.json()).toEqual({ target: `event:${v1.event_id}`, events: 1, confirmations: 0 });
    expect(await event(v1.event_id)).toBeUndefined();
    expect(await event(v2.event_id)).toBeDefined();

    const bySession = await api(labelKey, 'POST', '/api/v1/privacy/erasures', { sessionId: v2.session_id });
    expect(bySession.json()).toMatchObject({ events: 1 });
    const byVisitor = await api(masterKey, 'POST', '/api/v1/privacy/erasures', { visitorId: (await event(v3.event_id))!.visitor_id });
    expect(byVisitor.json()).toMatchObject({ events: 1, confirmations: 1 });
    expect(await t.ctx.database.db.selectFrom('events').select('event_id').where('confirms', '=', v3.event_id).execute()).toEqual([]);

    expect((await api(labelKey, 'GET', '/api/v1/analytics/overview')).json().views).toBe(await rawViews(label.id));
  });

  it('counts consent choices (the consent log), exportable as CSV', async () => {
    for (const [n, choice] of [[8, 'granted'], [9, 'denied'], [10, 'granted']] as const) {
      const { view: v } = await view('rights', fan(n));
      expect((await confirm('rights', v.v, fan(n), choice)).statusCode).toBe(204);
    }
    const rows = (await (await api(labelKey, 'GET', '/api/v1/analytics/breakdown/consent')).json()).rows as { value: string; label: string; views: number }[];
    expect(rows.find((r) => r.value === 'granted')?.views).toBe(2);
    expect(rows.find((r) => r.value === 'denied')?.views).toBe(1);
    expect(rows.find((r) => r.value === '')?.label).toBe('(no browser report)');
    const csv = (await api(labelKey, 'GET', '/api/v1/analytics/export.csv?dimension=consent')).body;
    expect(csv.split('\r\n')[0]).toBe('date,smartlink_id,slug,consent,views,unique_visitors,clicks,click_through_rate,revenue');
    expect(csv).toMatch(/,rights,granted,2,/);
  });

  it('exports a client’s raw events whole, as CSV and NDJSON, and nobody else’s', async () => {
    const count = Number((await t.ctx.database.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('client_id', '=', label.id).executeTakeFirstOrThrow()).n);
    const csv = await api(labelKey, 'GET', '/api/v1/privacy/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('event_id,type,client_id,smartlink_id');
    expect(lines).toHaveLength(count + 1);
    const ndjson = await api(labelKey, 'GET', '/api/v1/privacy/export?format=ndjson');
    const rows = ndjson.body.trim().split('\n').map((l) => JSON.parse(l) as { client_id: string; opt_out: string | null });
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.client_id))).toEqual(new Set([label.id]));
    expect(rows.some((r) => r.opt_out === 'gpc')).toBe(true);
    expect((await api(labelKey, 'GET', `/api/v1/privacy/export?clientId=${noGpc.id}`)).statusCode).toBe(404);
    expect((await api(labelKey, 'GET', '/api/v1/privacy/export?format=xml')).statusCode).toBe(400);
    expect((await api(otherKey, 'GET', '/api/v1/privacy/export')).body.trim().split('\r\n').slice(1).every((l) => l.includes(noGpcLink.id))).toBe(true);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('action', '=', 'privacy.export').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

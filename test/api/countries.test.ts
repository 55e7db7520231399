// Country codes wherever the API takes them (a service's per-country links and hiddenIn, routing
// rules, a client's consent regions): the real ISO 3166-1 alpha-2 list, any case in, upper case
// stored, and a code no country has refused with a message naming it — on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SPOTIFY = { service: 'spotify', url: 'https://open.spotify.com/track/x' };

describe.each(DIALECTS)('country codes on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let a: Client;
  let key = '';
  let n = 0;

  const call = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload });
  const smartlink = (fields: object) => call('POST', '/api/v1/smartlinks', { slug: `cc-${dialect}-${++n}`, artistName: 'A', trackTitle: 'T', services: [SPOTIFY], ...fields });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    a = await createClient(t.ctx.database.db, { name: 'Label A' });
    key = (await createApiKey(t.ctx.database.db, { clientId: a.id, name: 'a' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('takes lower-case codes and stores them upper case: per-country links, hiddenIn, routing rules', async () => {
    const res = await smartlink({
      services: [{ ...SPOTIFY, countries: { fr: 'https://open.spotify.com/fr' }, hiddenIn: ['de', 'Ch'] }, { service: 'deezer', url: 'https://deezer.com/x' }],
      routing: { rules: [{ countries: ['ng', 'GH'], first: ['deezer'] }] },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.services[0].countries).toEqual({ FR: 'https://open.spotify.com/fr' });
    expect(body.services[0].hiddenIn).toEqual(['DE', 'CH']);
    expect(body.routing.rules[0].countries).toEqual(['NG', 'GH']);
  });

  it.each([
    { name: 'a per-country link', fields: { services: [{ ...SPOTIFY, countries: { XX: 'https://open.spotify.com/x' } }] }, message: 'service "spotify": "XX" is not an ISO 3166-1 alpha-2 country code' },
    { name: 'hiddenIn', fields: { services: [{ ...SPOTIFY, hiddenIn: ['FR', 'zz'] }] }, message: 'hiddenIn "zz" is not an ISO 3166-1 alpha-2 country code' },
    { name: 'a routing rule', fields: { routing: { rules: [{ countries: ['FRA'], first: ['spotify'] }] } }, message: 'routing rule 1: "FRA" is not an ISO 3166-1 alpha-2 country code' },
    { name: 'a routing rule (UK is GB)', fields: { routing: { rules: [{ countries: ['uk'], first: ['spotify'] }] } }, message: '"uk" is not an ISO 3166-1 alpha-2 country code' },
  ])('refuses a code no country has in $name, naming it', async ({ fields, message }) => {
    const res = await smartlink(fields);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
  });

  it('refuses a storefront country no country has in a catalogue look-up, naming it, before asking any catalogue', async () => {
    const res = await call('POST', '/api/v1/catalogue/resolve', { query: '0602445868162', countries: ['gb', 'XX'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ message: 'countries: "XX" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US)', details: [{ instancePath: '/countries/1' }] });
  });

  it('names the field of a refused code in the 400’s details, so a form can mark it', async () => {
    const link = await smartlink({ services: [SPOTIFY, { service: 'deezer', url: 'https://deezer.com/x', countries: { ZZ: 'https://deezer.com/zz' } }] });
    expect(link.json().details).toEqual([{ instancePath: '/services/1/countries', message: link.json().message }]);
    const client = await call('PATCH', `/api/v1/clients/${a.id}`, { consentRegions: ['QQ'] });
    expect(client.json().details).toEqual([{ instancePath: '/consentRegions', message: client.json().message }]);
  });

  it('takes consent regions in any case (EEA too), stores them upper case, and names one that is no country', async () => {
    const ok = await call('PATCH', `/api/v1/clients/${a.id}`, { consentRegions: ['eea', 'gb', 'Ch'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().consentRegions).toEqual(['EEA', 'GB', 'CH']);
    const bad = await call('PATCH', `/api/v1/clients/${a.id}`, { consentRegions: ['FR', 'XX'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('consentRegions: "XX" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US), nor EEA');
  });
});

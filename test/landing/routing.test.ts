// Which services a fan sees, in which order, through app.inject() on every database: routing rules
// by system and country (saved through the API), services hidden where the release is not out,
// and a tap on a hidden service (it still works: the page hides it, the link is not broken).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { IN_APP_USER_AGENTS } from '../../src/tracking/enrich/fixtures/in-app-user-agents.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const GB = '81.2.69.142';
const US = '216.160.83.56';
const FR = '92.184.105.98';

const SERVICES = [
  { service: 'spotify', url: 'https://open.spotify.com/album/1' },
  { service: 'deezer', url: 'https://www.deezer.com/album/1' },
  { service: 'apple-music', url: 'https://music.apple.com/us/album/1' },
  { service: 'tidal', url: 'https://tidal.com/album/1' },
];

const order = (body: string) => [...body.matchAll(/data-service="([^"]+)"/g)].map((m) => m[1]);

describe.each(DIALECTS)('routing rules on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let clientId: string;
  let n = 0;

  const api = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${master}` }, payload });
  const page = (slug: string, ua: string, ip: string) => t.app.inject({ url: `/${slug}`, headers: { 'user-agent': ua, 'x-forwarded-for': ip } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    master = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
    clientId = (await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('orders the services by the first rule the fan matches, saved through the API', async () => {
    const routing = { rules: [{ os: 'ios', first: ['apple-music'] }, { countries: ['FR'], first: ['deezer', 'tidal'] }] };
    const res = await api('POST', '/smartlinks', { clientId, slug: `route-${++n}`, artistName: 'A', trackTitle: 'T', status: 'live', services: SERVICES, routing });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().routing).toEqual(routing);
    const slug = res.json().slug as string;

    expect(order((await page(slug, PHONE_UA, GB)).body)).toEqual(['apple-music', 'spotify', 'deezer', 'tidal']); // an iPhone
    expect(order((await page(slug, IN_APP_USER_AGENTS.instagram[0]!, US)).body)).toEqual(['apple-music', 'spotify', 'deezer', 'tidal']); // Instagram on iOS
    expect(order((await page(slug, ANDROID_UA, FR)).body)).toEqual(['deezer', 'tidal', 'spotify', 'apple-music']);
    expect(order((await page(slug, PHONE_UA, FR)).body)).toEqual(['apple-music', 'spotify', 'deezer', 'tidal']); // the iOS rule comes first
    expect(order((await page(slug, DESKTOP_UA, GB)).body)).toEqual(['spotify', 'deezer', 'apple-music', 'tidal']);
    // the cached variants did not leak into each other
    expect(order((await page(slug, ANDROID_UA, GB)).body)).toEqual(['spotify', 'deezer', 'apple-music', 'tidal']);
  });

  it('takes the rules off with null, and refuses bad rules with a 400 that says why', async () => {
    const created = (await api('POST', '/smartlinks', { clientId, slug: `route-${++n}`, artistName: 'A', trackTitle: 'T', status: 'live', services: SERVICES, routing: { rules: [{ os: 'ios', first: ['tidal'] }] } })).json();
    const cleared = await api('PATCH', `/smartlinks/${created.id}`, { routing: null });
    expect(cleared.json().routing).toBeNull();
    expect(order((await page(created.slug, PHONE_UA, GB)).body)).toEqual(['spotify', 'deezer', 'apple-music', 'tidal']);

    const unknown = await api('PATCH', `/smartlinks/${created.id}`, { routing: { rules: [{ first: ['myspace'] }] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'invalid', message: 'routing rule 1: "myspace" is not a known service', details: [{ instancePath: '/routing' }] });
    const tooMany = await api('PATCH', `/smartlinks/${created.id}`, { routing: { rules: Array.from({ length: 21 }, () => ({ first: ['spotify'] })) } });
    expect(tooMany.statusCode).toBe(400);
    const country = await api('PATCH', `/smartlinks/${created.id}`, { routing: { rules: [{ countries: ['France'], first: ['spotify'] }] } });
    expect(country.statusCode).toBe(400);
    const os = await api('PATCH', `/smartlinks/${created.id}`, { routing: { rules: [{ os: 'windows', first: ['spotify'] }] } });
    expect(os.statusCode).toBe(400);
  });

  it('hides a service from fans in a country where the release is not on it, and still follows a tap on it there', async () => {
    const slug = `hidden-${++n}`;
    const services = [SERVICES[0]!, { ...SERVICES[1]!, hiddenIn: ['US'] }, SERVICES[2]!];
    const smartlink = await createSmartlink(t.ctx.database.db, { clientId, slug, artistName: 'A', trackTitle: 'T', status: 'live', services, routing: { rules: [{ countries: ['US'], first: ['deezer', 'apple-music'] }] } });
    expect(order((await page(slug, DESKTOP_UA, US)).body)).toEqual(['apple-music', 'spotify']);
    expect(order((await page(slug, DESKTOP_UA, FR)).body)).toEqual(['spotify', 'deezer', 'apple-music']);
    // A shared or stale link to the hidden service: redirected and counted (GeoIP can be wrong; a 404 would break the fan's link).
    const tap = await t.app.inject({ url: `/${slug}/deezer`, headers: { 'user-agent': DESKTOP_UA, 'x-forwarded-for': US } });
    expect(tap.statusCode).toBe(302);
    expect(tap.headers.location).toBe('https://www.deezer.com/album/1');
    const clicks = (await storedEvents(t.ctx)).filter((e) => e.smartlink_id === smartlink.id && e.type === 'click');
    expect(clicks).toMatchObject([{ service: 'deezer', country: 'US' }]);
  });
});

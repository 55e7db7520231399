// Destinations are stored normalised (punycode, percent-encoding), so every click can be redirected:
// what cannot be written as a Location header is refused on save with a 400, and a destination
// stored before normalisation is normalised when the fan clicks, or answers 404 recording nothing.
// Never a 5xx, never a click counted for a fan who was not redirected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const JP_HOST = 'https://xn--r8jz45g.jp'; // 例え.jp

describe.each(DIALECTS)('smartlink destinations on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let clientId: string;
  let n = 0;

  const api = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${master}` }, payload });
  const create = (services: object[], extra: object = {}) =>
    api('POST', '/smartlinks', { clientId, slug: `dest-${++n}`, artistName: 'A', trackTitle: 'T', status: 'live', services, ...extra });
  const clicks = async (smartlinkId: string) =>
    (await t.ctx.database.db.selectFrom('events').select('event_id').where('type', '=', 'click').where('smartlink_id', '=', smartlinkId).execute()).length;
  /** Writes services straight into the table, as an older version (which did not normalise) stored them. */
  const storeRaw = async (id: string, services: object[]) => {
    await t.ctx.database.db.updateTable('smartlinks').set({ services: JSON.stringify(services) }).where('id', '=', id).execute();
    t.ctx.lookup.invalidate();
  };

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

  it('stores destinations, per-country overrides and artwork normalised: punycode hosts, percent-encoded paths', async () => {
    const res = await create([{ service: 'spotify', url: 'https://例え.jp/track/日本語?q=ü', countries: { RU: 'https://аpple.com/ru' } }], { artworkUrl: 'https://例え.jp/art.png' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      artworkUrl: `${JP_HOST}/art.png`,
      services: [{ service: 'spotify', url: `${JP_HOST}/track/%E6%97%A5%E6%9C%AC%E8%AA%9E?q=%C3%BC`, countries: { RU: 'https://xn--pple-43d.com/ru' } }],
    });
    const changed = await api('PATCH', `/smartlinks/${res.json().id}`, { services: [{ service: 'deezer', url: 'https://例え.jp/日本語' }] });
    expect(changed.json().services).toEqual([{ service: 'deezer', url: `${JP_HOST}/%E6%97%A5%E6%9C%AC%E8%AA%9E` }]);

    const click = await t.app.inject({ url: `/${res.json().slug}/spotify`, headers: { 'user-agent': PHONE_UA } });
    expect(click.statusCode).toBe(404); // the service was replaced
    const deezer = await t.app.inject({ url: `/${res.json().slug}/deezer`, headers: { 'user-agent': PHONE_UA } });
    expect(deezer.statusCode).toBe(302);
    expect(deezer.headers.location).toBe(`${JP_HOST}/%E6%97%A5%E6%9C%AC%E8%AA%9E`);
  });

  it.each([
    { name: 'CR LF in a destination', services: [{ service: 'spotify', url: 'https://example.com/\r\nSet-Cookie: a=b' }], field: 'service "spotify"', path: '/services/0/url' },
    { name: 'a line feed in a per-country host', services: [{ service: 'spotify', url: 'https://example.com/', countries: { JP: 'https://exa\nmple.jp/' } }], field: 'service "spotify" in JP', path: '/services/0/countries' },
    { name: 'a Unicode line separator', services: [{ service: 'spotify', url: 'https://example.com/x\u2028y' }], field: 'service "spotify"', path: '/services/0/url' },
  ])('refuses $name with a 400 that says why, and names the field', async ({ services, field, path }) => {
    const res = await create(services);
    expect(res.statusCode).toBe(400);
    const message = `${field}: destination must be an http(s) URL with a host (this one contains a line break or a control character)`;
    expect(res.json()).toEqual({ error: 'invalid', message, details: [{ instancePath: path, message }] });
  });

  it('redirects a click on a destination stored un-normalised to its normalised form, and records it once', async () => {
    const link = (await create([{ service: 'spotify', url: 'https://example.com/' }])).json();
    await storeRaw(link.id, [{ service: 'spotify', url: 'https://例え.jp/track/日本語', countries: { DE: 'https://аpple.com/de' } }]);
    const res = await t.app.inject({ url: `/${link.slug}/spotify`, headers: { 'user-agent': PHONE_UA } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${JP_HOST}/track/%E6%97%A5%E6%9C%AC%E8%AA%9E`);
    expect(await clicks(link.id)).toBe(1);
  });

  it('answers 404 and records nothing for a stored destination that cannot be redirected to', async () => {
    const link = (await create([{ service: 'spotify', url: 'https://example.com/' }])).json();
    await storeRaw(link.id, [{ service: 'spotify', url: 'https://example.com/', countries: { FR: 'https://example.com/\r\nSet-Cookie: a=b' } }]);
    for (let retry = 0; retry < 3; retry++) {
      const res = await t.app.inject({ url: `/${link.slug}/spotify`, headers: { 'user-agent': PHONE_UA } });
      expect(res.statusCode).toBe(404);
    }
    expect(await clicks(link.id)).toBe(0);
  });
});

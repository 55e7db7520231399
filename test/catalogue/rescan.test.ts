// Rescanning a saved smartlink through the API, on every database, against the catalogue stubs: the
// services that appeared since are added and saved (audited); low-confidence ones are returned for
// review, not saved; edits saved while a rescan runs are kept (or, if they changed what it resolves,
// it answers 409); a smartlink filled by hand cannot be rescanned; a failed rescan saves nothing;
// rescans are limited to two a minute per client; only the smartlink's own client's editors (and
// master) may rescan.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSession } from '../../src/auth/sessions.js';
import { createUser } from '../../src/auth/users.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { FIXTURE_ALBUM as A, startCatalogueStubs, type CatalogueStubs } from '../support/catalogue-stubs/index.js';
import { until } from '../support/until.js';

const DEEZER_LINK = { service: 'deezer', url: `https://www.deezer.com/album/${A.deezerId}` };
const TIDAL_BY_HAND = { service: 'tidal', url: `https://tidal.com/browse/album/${A.tidalId}?by=hand` };

describe.each(DIALECTS)('rescan on %s', (dialect) => {
  let stubs: CatalogueStubs;
  let database: TestDatabase;
  let t: TestApp;
  let a: Client;
  const keys = { a: '', b: '', aReadOnly: '' };

  const call = (headers: Record<string, string>, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const rescan = (id: string, headers: Record<string, string> = as(keys.a)) => call(headers, 'POST', `/api/v1/smartlinks/${id}/rescan`);
  async function smartlink(slug: string, fields: object = { catalogue: { upc: A.upc, sourceUrl: A.spotifyUrl } }) {
    const res = await call(as(keys.a), 'POST', '/api/v1/smartlinks', { slug, artistName: A.artist, trackTitle: A.title, services: [DEEZER_LINK], ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; updatedAt: number; services: { service: string }[] };
  }
  const rescans = (id: string) => t.ctx.database.db.selectFrom('audit_log').selectAll().where('target', '=', id).where('action', '=', 'smartlink.rescan').execute();

  beforeAll(async () => {
    stubs = await startCatalogueStubs();
  });
  afterAll(async () => {
    await stubs?.close();
  });
  beforeEach(async () => {
    stubs.reset();
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ...stubs.env, CATALOGUE_COUNTRIES: 'US,JP' });
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Lantern Records' });
    const b = await createClient(db, { name: 'Other Label' });
    keys.a = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
    keys.b = (await createApiKey(db, { clientId: b.id, name: 'b' })).key;
    keys.aReadOnly = (await createApiKey(db, { clientId: a.id, name: 'a-ro', readOnly: true })).key;
  });
  afterEach(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('adds the services that appeared since, saved and audited, and returns the low-confidence ones for review without saving them', async () => {
    const link = await smartlink('harbour-lights');
    stubs.world.tidalReleased = true; // TIDAL got the release after release day
    stubs.world.spotifyIndexed = false; // Spotify's only match is a title search: a guess
    const res = await rescan(link.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const added = body.added.map((s: { service: string }) => s.service);
    expect(added).toEqual(['apple-music', 'youtube-music', 'amazon-music', 'tidal', 'itunes', 'youtube', 'amazon-store']);
    expect(body.added.find((s: { service: string }) => s.service === 'apple-music')).toEqual({
      service: 'apple-music',
      url: `https://music.apple.com/us/album/harbour-lights/${A.appleId}`,
      hiddenIn: ['JP'],
      appUris: { ios: expect.stringMatching(/^music:\/\//) },
    });
    expect(body.review).toEqual([expect.objectContaining({ service: 'spotify', source: 'spotify', confidence: 0.6, review: true })]);
    expect(body.smartlink.services.map((s: { service: string }) => s.service)).toEqual(['deezer', ...added]);
    expect(body.smartlink.catalogue).toMatchObject({ upc: A.upc, sourceUrl: A.spotifyUrl, resolvedAt: expect.any(Number) });

    const saved = (await call(as(keys.a), 'GET', `/api/v1/smartlinks/${link.id}`)).json();
    expect(saved.services).toEqual(body.smartlink.services);
    expect(saved.services.some((s: { service: string }) => s.service === 'spotify')).toBe(false);
    expect(await rescans(link.id)).toHaveLength(1);

    // a second rescan within RESCAN_MAX_AGE_MS takes the answers just given: no call, nothing more to add
    const before = stubs.calls.length;
    const again = await rescan(link.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().added).toEqual([]);
    expect(stubs.calls.slice(before)).toEqual([]);
  });

  it('keeps what was saved while it ran: the services are planned on the smartlink as it is when written', async () => {
    const link = await smartlink('saved-meanwhile');
    stubs.world.tidalReleased = true;
    const slowOdesli = stubs.hold('odesli');
    const running = rescan(link.id);
    await until(() => stubs.callsTo('odesli').length > 0); // the rescan is waiting on Odesli
    const edit = await call(as(keys.a), 'PATCH', `/api/v1/smartlinks/${link.id}`, { trackTitle: 'Harbour Lights (Deluxe)', services: [DEEZER_LINK, TIDAL_BY_HAND] });
    expect(edit.statusCode, edit.body).toBe(200);
    slowOdesli();
    const res = await running;
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.added.map((s: { service: string }) => s.service)).not.toContain('tidal'); // added by hand meanwhile
    expect(body.smartlink.trackTitle).toBe('Harbour Lights (Deluxe)');
    expect(body.smartlink.services.slice(0, 2)).toEqual([DEEZER_LINK, TIDAL_BY_HAND]);
    expect(body.smartlink.services.slice(2)).toEqual(body.added);
    expect((await call(as(keys.a), 'GET', `/api/v1/smartlinks/${link.id}`)).json()).toMatchObject({ trackTitle: 'Harbour Lights (Deluxe)', services: body.smartlink.services });
    const [audit] = await rescans(link.id);
    expect(JSON.parse(String(audit!.before))).toMatchObject({ trackTitle: 'Harbour Lights (Deluxe)' });
  });

  it('answers 409 conflict, saving nothing, when the release it resolves was changed while it ran', async () => {
    const link = await smartlink('identity-changed');
    const slowOdesli = stubs.hold('odesli');
    const running = rescan(link.id);
    await until(() => stubs.callsTo('odesli').length > 0);
    const edit = await call(as(keys.a), 'PATCH', `/api/v1/smartlinks/${link.id}`, { catalogue: { sourceUrl: `https://www.deezer.com/album/${A.deezerId}` } });
    expect(edit.statusCode, edit.body).toBe(200);
    slowOdesli();
    const res = await running;
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ error: 'conflict', message: expect.stringMatching(/^the smartlink changed during the rescan.*; try again$/) });
    expect((await call(as(keys.a), 'GET', `/api/v1/smartlinks/${link.id}`)).json()).toMatchObject({ services: [DEEZER_LINK], catalogue: { sourceUrl: `https://www.deezer.com/album/${A.deezerId}` } });
    expect(await rescans(link.id)).toHaveLength(0);
  });

  it('allows a client two rescans a minute (429 beyond, without asking any provider); another client is not held back', async () => {
    const link = await smartlink('often');
    for (let i = 0; i < 2; i++) expect((await rescan(link.id)).statusCode).toBe(200);
    const before = stubs.calls.length;
    const third = await rescan(link.id);
    expect(third.statusCode).toBe(429);
    expect(stubs.calls).toHaveLength(before);
    expect((await call(as(keys.a), 'POST', '/api/v1/catalogue/resolve', { query: A.upc })).statusCode).toBe(200); // resolving has its own, larger allowance
    const other = await call(as(keys.b), 'POST', '/api/v1/smartlinks', { slug: 'other', artistName: A.artist, trackTitle: A.title, services: [DEEZER_LINK], catalogue: { upc: A.upc } });
    expect((await rescan(other.json().id, as(keys.b))).statusCode).toBe(200);
  });

  it('saves what the resolver gives (catalogue identity, hiddenIn, app URIs) and refuses unsafe app URIs', async () => {
    const link = { ...DEEZER_LINK, hiddenIn: ['JP'], appUris: { ios: `deezer://www.deezer.com/album/${A.deezerId}` } };
    const created = await smartlink('resolved', { services: [link], catalogue: { upc: A.upc, resolvedAt: 1767225600000 } });
    expect(created.services).toEqual([link]);
    for (const [bad, message] of [
      [{ ...DEEZER_LINK, appUris: { ios: 'javascript:alert(1)' } }, /appUris\.ios must be an app URI/],
      [{ ...DEEZER_LINK, hiddenIn: ['XX'] }, /hiddenIn.*XX/], // not a country ('jp' is one: stored as JP)
    ] as const) {
      const res = await call(as(keys.a), 'POST', '/api/v1/smartlinks', { slug: 'bad', artistName: 'A', trackTitle: 'T', services: [bad] });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    const badCode = await call(as(keys.a), 'POST', '/api/v1/smartlinks', { slug: 'bad', artistName: 'A', trackTitle: 'T', services: [DEEZER_LINK], catalogue: { upc: '12' } });
    expect(badCode.statusCode).toBe(400);
  });

  it('answers 409 for a smartlink filled by hand (no catalogue identity)', async () => {
    const link = await smartlink('by-hand', {});
    const res = await rescan(link.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'no_catalogue', message: expect.stringContaining('no UPC, ISRC or source link') });
    expect(stubs.calls).toHaveLength(0);
  });

  it('saves nothing when no provider can answer (502) or none knows the release (422)', async () => {
    const link = await smartlink('half-saved');
    for (const p of ['deezer', 'itunes', 'spotify', 'odesli'] as const) stubs.setDown(p, true);
    const down = await rescan(link.id);
    expect(down.statusCode).toBe(502);
    expect(down.json().error).toBe('providers_unavailable');
    const unknown = await smartlink('unknown', { catalogue: { upc: '000000000000' } });
    stubs.reset();
    expect((await rescan(unknown.id)).statusCode).toBe(422);
    for (const id of [link.id, unknown.id]) {
      const after = (await call(as(keys.a), 'GET', `/api/v1/smartlinks/${id}`)).json();
      expect(after.services).toEqual([DEEZER_LINK]);
      expect(await rescans(id)).toHaveLength(0);
    }
    expect((await call(as(keys.a), 'GET', `/api/v1/smartlinks/${link.id}`)).json().updatedAt).toBe(link.updatedAt);
  });

  it('lets only its client’s editors rescan: another client gets 404, a read-only key and a viewer 403', async () => {
    const link = await smartlink('scoped');
    expect((await rescan(link.id, as(keys.b))).statusCode).toBe(404);
    expect((await rescan(link.id, as(keys.aReadOnly))).json()).toEqual({ error: 'read_only', message: 'this key can only read' });
    const viewer = await createUser(t.ctx.database.db, { email: 'viewer@lantern.test', password: 'a long enough password', role: 'viewer', clientId: a.id });
    const session = await createSession(t.ctx.database.db, viewer.id);
    const asViewer = { cookie: `dt_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const viewing = [await rescan(link.id, asViewer), await call(asViewer, 'POST', '/api/v1/catalogue/resolve', { query: A.upc })];
    for (const res of viewing) expect(res.json()).toEqual({ error: 'read_only', message: 'a viewer can only read' });
    expect(stubs.calls).toHaveLength(0);
    expect(await rescans(link.id)).toHaveLength(0);
  });
});

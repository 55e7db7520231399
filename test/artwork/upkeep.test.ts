// Bounds on the artwork Duotrack copies, on every database: artworks no smartlink has used for a
// day are deleted by the retention purge (one in use, or about to be, stays); each client stores at
// most ARTWORK_DAILY_CAP new images a day; a source given up on is recorded, so that no node
// downloads it again, not after a restart, until the smartlink is saved; a sweep reaches the
// smartlinks still waiting past any number of newer ones given up on or held by their client's cap.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNUSED_GRACE_MS } from '../../src/artwork/cleanup.js';
import { recordGivenUp } from '../../src/artwork/awaiting.js';
import { createArtworkIngester, storeArtwork, type IngestOptions } from '../../src/artwork/ingest.js';
import { artworkId } from '../../src/artwork/process.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createSmartlink, getSmartlinkBySlug } from '../../src/links/smartlink.js';
import { purgeExpired, purgeSummary } from '../../src/privacy/retention.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startImageHost, type ImageHost } from '../support/image-host.js';
import { until } from '../support/until.js';

const DAY = 86_400_000;
const SERVICES = [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }];

/** A small square JPEG of one colour: each colour, other bytes, another artwork. */
const image = (colour: string) => sharp({ create: { width: 64, height: 64, channels: 3, background: colour } }).jpeg().toBuffer();

describe.each(DIALECTS)('artwork upkeep on %s', (dialect) => {
  let database: TestDatabase;
  let host: ImageHost;
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    host = await startImageHost();
    // No background sweep: copies happen on saves, and the tests run sweeps themselves.
    t = await startTestApp(database, { OUTBOUND_CA_FILE: host.caFile, ARTWORK_RETRY_MS: '0', ARTWORK_DAILY_CAP: '2' });
    auth = { authorization: `Bearer ${(await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key}` };
  });
  afterAll(async () => {
    await t?.close();
    await host?.close();
    await database?.cleanup();
  });

  const db = () => t.ctx.database.db;
  const client = async (name: string) => (await createClient(db(), { name })).id;
  const hosted = async (path: string, body: Buffer | Promise<Buffer>) => {
    host.put(path, { type: 'image/jpeg', body: await body });
    return `${host.origin}${path}`;
  };
  const create = async (clientId: string, slug: string, artworkUrl: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/smartlinks', headers: auth, payload: { clientId, slug, artistName: 'The Lanterns', trackTitle: slug, artworkUrl, services: SERVICES, status: 'live' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const update = async (id: string, change: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/smartlinks/${id}`, headers: auth, payload: change });
    expect(res.statusCode, res.body).toBe(200);
  };
  const artworkOf = async (id: string) => (await t.app.inject({ url: `/api/v1/smartlinks/${id}`, headers: auth })).json().artwork?.id as string | undefined;
  const copied = (id: string, source: Buffer) => until(async () => (await artworkOf(id)) === artworkId(source));
  const stored = async (id: string) => {
    const count = async (table: 'artworks' | 'artwork_variants', column: 'id' | 'artwork_id') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);
    return { artworks: await count('artworks', 'id'), files: await count('artwork_variants', 'artwork_id') };
  };
  const STORED = { artworks: 1, files: 6 };
  const GONE = { artworks: 0, files: 0 };
  const givenUp = (smartlinkId: string) => db().selectFrom('artwork_failures').select(['source_url', 'reason', 'attempts']).where('smartlink_id', '=', smartlinkId).executeTakeFirst();
  const logged = () => readFileSync(t.logFile, 'utf8');
  /** Another node (or this one after a restart): its own ingester, with no memory of earlier attempts. */
  const anotherNode = (options: Partial<IngestOptions> = {}) =>
    createArtworkIngester(
      { db: db(), outbound: createOutbound(t.ctx.config.outboundAllow, t.ctx.config.outboundCa), lookup: t.ctx.lookup, log: t.ctx.log },
      { maxBytes: t.ctx.config.artworkMaxBytes, retryMs: 0, dailyCap: t.ctx.config.artworkDailyCap, ...options },
    );

  it('deletes an artwork no smartlink has used for 24 hours, with its files; one in use, or about to be, stays', async () => {
    const [a, b, c, d] = await Promise.all([image('#c01010'), image('#10c010'), image('#1010c0'), image('#c0c010')]);
    const one = await create(await client('Cleanup One'), 'gc-one', await hosted('/gc/a.jpg', a));
    await copied(one.id, a);
    await update(one.id, { artworkUrl: await hosted('/gc/b.jpg', b) });
    await copied(one.id, b);
    const two = await create(await client('Cleanup Two'), 'gc-two', await hosted('/gc/c.jpg', c));
    await copied(two.id, c);
    await update(two.id, { artworkUrl: await hosted('/gc/d.jpg', d) });
    await copied(two.id, d);
    const [A, B, C, D] = [artworkId(a), artworkId(b), artworkId(c), artworkId(d)];
    const demo = (await getSmartlinkBySlug(db(), 'demo'))!.artwork!.id;

    // A and C are used by no smartlink now: the first run only notes it.
    const start = Date.now();
    expect((await purgeExpired(t.ctx.database, { now: start })).artworks).toBe(0);
    expect([await stored(A), await stored(C)]).toEqual([STORED, STORED]);
    // A is about to be used again (a copy of the same image, not recorded on a smartlink yet).
    expect(await storeArtwork(db(), a)).toEqual({ id: A, color: expect.stringMatching(/^#[0-9a-f]{6}$/) });

    expect((await purgeExpired(t.ctx.database, { now: start + UNUSED_GRACE_MS - 1 })).artworks).toBe(0); // not a day yet
    expect((await purgeExpired(t.ctx.database, { now: start + UNUSED_GRACE_MS, dryRun: true })).artworks).toBe(1);
    expect(await stored(C)).toEqual(STORED); // a dry run changes nothing
    const purge = await purgeExpired(t.ctx.database, { now: start + UNUSED_GRACE_MS });
    expect(purge.artworks).toBe(1);
    expect(purgeSummary(purge)).toMatchObject({ artworks: 1 });
    expect(await stored(C)).toEqual(GONE);
    for (const kept of [A, B, D, demo]) expect(await stored(kept), kept).toEqual(STORED);
    expect((await t.app.inject({ url: `/art/${D}/320.jpg` })).statusCode).toBe(200);

    // Nothing recorded A after all: a day after it was found unused again, it goes too.
    expect((await purgeExpired(t.ctx.database, { now: start + 2 * UNUSED_GRACE_MS })).artworks).toBe(1);
    expect(await stored(A)).toEqual(GONE);
    for (const kept of [B, D, demo]) expect(await stored(kept), kept).toEqual(STORED);
  });

  it("refuses a client's new copies beyond ARTWORK_DAILY_CAP a day, with a warning, leaving the page on its URL; an image stored already is not held back", async () => {
    const label = await client('Prolific Records');
    const [first, second, third] = await Promise.all([image('#202020'), image('#404040'), image('#606060')]);
    const one = await create(label, 'prolific-1', await hosted('/cap/1.jpg', first));
    await copied(one.id, first);
    const two = await create(label, 'prolific-2', await hosted('/cap/2.jpg', second));
    await copied(two.id, second);

    const refused = await create(label, 'prolific-3', await hosted('/cap/3.jpg', third));
    await until(() => logged().includes('artwork not copied (the client stored 2 new artworks in the last 24 hours (ARTWORK_DAILY_CAP)): the page shows artworkUrl; tried again after'));
    expect(await artworkOf(refused.id)).toBeUndefined();
    expect(await stored(artworkId(third))).toEqual(GONE);
    expect((await t.app.inject({ url: '/prolific-3' })).body).toContain(`src="${host.origin}/cap/3.jpg"`);
    expect(await givenUp(refused.id)).toBeUndefined(); // held back, not given up on

    // The same image as the first, at another URL: nothing new to store.
    const again = await create(label, 'prolific-4', await hosted('/cap/1-again.jpg', first));
    await copied(again.id, first);

    // A day later the copies no longer count: a sweep copies the one held back.
    await db().updateTable('artworks').set({ created_at: Date.now() - DAY - 1 }).where('client_id', '=', label).execute();
    const node = anotherNode();
    await node.sweep();
    await node.close();
    expect(await artworkOf(refused.id)).toBe(artworkId(third));
  });

  it('records a source given up on: no node downloads it again, not after a restart, until a save tries it once more', async () => {
    const path = '/given-up/notes.jpg';
    host.put(path, { type: 'image/jpeg', body: Buffer.from('<html>not an image</html>') });
    const url = `${host.origin}${path}`;
    const smartlink = await create(await client('Given Up Records'), 'given-up', url);
    await until(async () => (await givenUp(smartlink.id)) !== undefined);
    expect(await givenUp(smartlink.id)).toEqual({ source_url: url, reason: expect.stringMatching(/^not an image \(/), attempts: 1 });

    const other = anotherNode();
    for (const node of [t.ctx.artwork, other]) await node.sweep();
    await other.close();
    expect(host.hits(path)).toBe(1);

    await update(smartlink.id, { trackTitle: 'Saved again' }); // a save: one more attempt
    await until(async () => (await givenUp(smartlink.id))?.attempts === 2);
    expect(host.hits(path)).toBe(2);

    // The host now serves an image: still given up on, until the next save.
    const cover = await image('#8040c0');
    await hosted(path, cover);
    const restarted = anotherNode();
    await restarted.sweep();
    await restarted.close();
    expect(host.hits(path)).toBe(2);
    await update(smartlink.id, { trackTitle: 'Saved once more' });
    await copied(smartlink.id, cover);
    expect(await givenUp(smartlink.id)).toBeUndefined();
  });

  const backlog = async (name: string, label: string, count: number, source: (i: number) => Buffer) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const url = await hosted(`/${name}/${i}.jpg`, source(i));
      ids.push((await createSmartlink(db(), { clientId: label, slug: `${name}-${i}`, artistName: 'Backlog', trackTitle: `${i}`, artworkUrl: url, services: SERVICES, status: 'live' })).id);
    }
    return ids;
  };
  const olderWaiting = async (slug: string, colour: string) => {
    const cover = await image(colour);
    const url = await hosted(`/${slug}.jpg`, cover);
    const smartlink = await createSmartlink(db(), { clientId: await client(`${slug} Records`), slug, artistName: 'Patient', trackTitle: slug, artworkUrl: url, services: SERVICES, status: 'live' }, Date.now() - 60_000);
    return { id: smartlink.id, cover };
  };

  it('reaches a smartlink still waiting past more newer ones given up on than a sweep reads at once', async () => {
    const older = await olderWaiting('waiting-behind-failures', '#30a0a0');
    const label = await client('Broken Links Records');
    const ids = await backlog('broken', label, 4, (i) => Buffer.from(`not an image ${i}`));
    for (const [i, id] of ids.entries()) await recordGivenUp(db(), id, `${host.origin}/broken/${i}.jpg`, 'not an image (unsupported image format)');

    const node = anotherNode({ sweepBatch: 3 });
    await node.sweep();
    await node.close();
    expect(await artworkOf(older.id)).toBe(artworkId(older.cover));
    expect(ids.map((_, i) => host.hits(`/broken/${i}.jpg`))).toEqual([0, 0, 0, 0]);
  });

  it("reaches a smartlink still waiting past more newer ones held back by their client's cap than a sweep reads at once", async () => {
    const older = await olderWaiting('waiting-behind-cap', '#a03060');
    const label = await client('Flood Records');
    const first = await image('#f0f0f0');
    await copied((await create(label, 'flood-first', await hosted('/flood-first.jpg', first))).id, first); // the cap of 1 reached
    const ids = await backlog('flood', label, 4, (i) => Buffer.from(`another image ${i}`)); // never processed: the cap comes first

    const node = anotherNode({ sweepBatch: 3, dailyCap: 1 });
    await node.sweep(); // the 3 latest: held back
    expect(await artworkOf(older.id)).toBeUndefined();
    await node.sweep(); // past them: the 4th, held back too, and the older one
    await node.close();
    expect(await artworkOf(older.id)).toBe(artworkId(older.cover));
    expect(ids.map((_, i) => host.hits(`/flood/${i}.jpg`))).toEqual([1, 1, 1, 1]);
  });
});

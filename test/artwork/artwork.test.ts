// Artwork copied and served by Duotrack, on every database: a smartlink saved with an artworkUrl on
// a third-party host (a local HTTPS stub) gets its artwork copied in the background, served from
// /art/ with long caching, and its page and link previews point there; a host that is down, a file
// that is not an image or is too large leave the page on the original URL.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artworkId } from '../../src/artwork/process.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startImageHost, type ImageHost } from '../support/image-host.js';
import { until } from '../support/until.js';

const MAX_BYTES = 200_000;
const SERVICES = [{ service: 'deezer', url: 'https://www.deezer.com/track/1' }];
const VARIANTS = [
  { name: '160.webp', type: 'image/webp', format: 'webp', width: 160, height: 160 },
  { name: '320.webp', type: 'image/webp', format: 'webp', width: 320, height: 320 },
  { name: '640.webp', type: 'image/webp', format: 'webp', width: 640, height: 640 },
  { name: '320.jpg', type: 'image/jpeg', format: 'jpeg', width: 320, height: 320 },
  { name: 'og.jpg', type: 'image/jpeg', format: 'jpeg', width: 1200, height: 630 },
  { name: 'backdrop.webp', type: 'image/webp', format: 'webp', width: 48, height: 48 },
];

/** A 900 px square cover in two colours, as a JPEG or a PNG. */
async function cover(left: string, right: string, format: 'jpeg' | 'png'): Promise<Buffer> {
  const half = await sharp({ create: { width: 450, height: 900, channels: 3, background: right } }).png().toBuffer();
  return sharp({ create: { width: 900, height: 900, channels: 3, background: left } }).composite([{ input: half, left: 450, top: 0 }]).toFormat(format).toBuffer();
}

describe.each(DIALECTS)('artwork on %s', (dialect) => {
  let database: TestDatabase;
  let host: ImageHost;
  let t: TestApp;
  let auth: { authorization: string };
  let clientId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    host = await startImageHost();
    t = await startTestApp(database, {
      OUTBOUND_CA_FILE: host.caFile,
      ARTWORK_RETRY_MS: '100',
      ARTWORK_MAX_BYTES: String(MAX_BYTES),
      // Pages stay cached until a change expires them: a copied artwork must expire them itself.
      LANDING_CACHE_MS: '3600000',
    });
    auth = { authorization: `Bearer ${(await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key}` };
    clientId = (await createClient(t.ctx.database.db, { name: 'Nightshade' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await host?.close();
    await database?.cleanup();
  });

  const create = async (slug: string, artworkUrl: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/smartlinks', headers: auth, payload: { clientId, slug, artistName: 'The Lanterns', trackTitle: slug, artworkUrl, services: SERVICES, status: 'live' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; artwork: { id: string; color: string } | null };
  };
  const artworkOf = async (id: string) => (await t.app.inject({ url: `/api/v1/smartlinks/${id}`, headers: auth })).json().artwork as { id: string; color: string } | null;
  const page = (slug: string) => t.app.inject({ url: `/${slug}` });
  const imgTag = (html: string) => /<img class="art"[^>]*>/.exec(html)?.[0] ?? '';
  const logged = () => readFileSync(t.logFile, 'utf8');

  it('copies a new smartlink artwork, serves its files with long caching, and the page and its preview use them', async () => {
    const source = await cover('#d02040', '#2040d0', 'jpeg');
    host.put('/covers/lanterns.jpg', { type: 'image/jpeg', body: source });
    const created = await create('lanterns', `${host.origin}/covers/lanterns.jpg`);
    expect(created.artwork).toBeNull(); // saved at once; the copy comes after
    await page('lanterns'); // cached now, with the original URL

    await until(async () => (await artworkOf(created.id)) !== null);
    const artwork = await artworkOf(created.id);
    expect(artwork).toEqual({ id: artworkId(source), color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    const id = artwork!.id;

    for (const variant of VARIANTS) {
      const res = await t.app.inject({ url: `/art/${id}/${variant.name}` });
      expect(res.statusCode, variant.name).toBe(200);
      expect(res.headers['content-type']).toBe(variant.type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.etag).toBe(`"${id}-${variant.name}"`);
      const meta = await sharp(res.rawPayload).metadata();
      expect({ name: variant.name, format: meta.format, width: meta.width, height: meta.height }).toEqual({ name: variant.name, format: variant.format, width: variant.width, height: variant.height });
      const again = await t.app.inject({ url: `/art/${id}/${variant.name}`, headers: { 'if-none-match': res.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    }
    for (const unknown of [`/art/${'0'.repeat(32)}/320.webp`, `/art/${id}/999.webp`, `/art/${id}/original.svg`, '/art/not-a-hash/320.webp']) {
      expect((await t.app.inject({ url: unknown })).statusCode, unknown).toBe(404);
    }

    // The page, still in the lookup cache, was expired by the copy: it shows the copy at once.
    const res = await page('lanterns');
    const art = `http://localhost:80/art/${id}`;
    const img = imgTag(res.body);
    expect(img).toContain(`src="${art}/320.jpg"`);
    expect(img).toContain(`srcset="${art}/160.webp 160w, ${art}/320.webp 320w, ${art}/640.webp 640w"`);
    expect(img).toMatch(/sizes="[^"]+"/);
    expect(img).toContain('width="320" height="320" fetchpriority="high"');
    expect(img).toContain('alt="Artwork of lanterns by The Lanterns"');
    expect(res.body).toContain(`<meta property="og:image" content="${art}/og.jpg"><meta property="og:image:type" content="image/jpeg"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">`);
    expect(res.body).toContain(`<meta name="twitter:image" content="${art}/og.jpg">`);
    // Nothing on the page comes from the artwork host any more, and the CSP no longer allows it.
    expect(res.body).not.toContain(host.origin);
    expect(String(res.headers['content-security-policy'])).not.toContain(host.origin);
  });

  it('saves a smartlink whose artwork host is down; the page shows the original URL until a retry copies it', async () => {
    host.setDown(true);
    host.put('/covers/later.png', { type: 'image/png', body: await cover('#10a060', '#f0e040', 'png') });
    const created = await create('later', `${host.origin}/covers/later.png`);
    await until(() => host.hits('/covers/later.png') >= 2); // tried at once, then retried
    expect(await artworkOf(created.id)).toBeNull();
    const fallback = await page('later');
    expect(imgTag(fallback.body)).toContain(`src="${host.origin}/covers/later.png"`);
    expect(fallback.body).toContain(`<meta property="og:image" content="${host.origin}/covers/later.png">`);
    expect(String(fallback.headers['content-security-policy'])).toContain(`img-src 'self' data: ${host.origin}`);
    expect(logged()).toContain('artwork not copied yet (HTTP 503): retrying in');

    host.setDown(false);
    await until(async () => (await artworkOf(created.id)) !== null);
    expect(imgTag((await page('later')).body)).toContain(`/art/${(await artworkOf(created.id))!.id}/320.jpg`);
  });

  it.each([
    { name: 'a file that is not an image', path: '/covers/notes.png', type: 'image/png', body: () => Buffer.from('<html>not an image</html>'), warning: 'artwork not copied (not an image' },
    { name: 'an image larger than ARTWORK_MAX_BYTES', path: '/covers/huge.png', type: 'image/png', body: () => Buffer.alloc(MAX_BYTES + 1, 1), warning: `artwork not copied (HTTP 200, answer larger than ${MAX_BYTES} bytes)` },
    {
      name: 'an SVG (none is taken from a URL)',
      path: '/covers/vector.svg',
      type: 'image/svg+xml',
      body: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600"><rect width="600" height="600" fill="#3a1c71"/></svg>'),
      warning: 'artwork not copied (an SVG file: Duotrack takes no SVG from a URL (drawing one can take long); give a JPEG, PNG or WebP)',
    },
  ])('leaves the page on the original URL for $name, with a warning, and does not retry', async ({ path, type, body, warning }) => {
    host.put(path, { type, body: body() });
    const slug = path.slice('/covers/'.length).replace(/\.\w+$/, '');
    const created = await create(slug, `${host.origin}${path}`);
    await until(() => logged().includes(warning));
    await new Promise((resolve) => setTimeout(resolve, 600)); // several sweeps and first retry delays
    expect(host.hits(path)).toBe(1);
    expect(await artworkOf(created.id)).toBeNull();
    expect(imgTag((await page(slug)).body)).toContain(`src="${host.origin}${path}"`);
  });

  it('stores one image once, however many smartlinks and URLs show it', async () => {
    const source = await cover('#602080', '#20c0c0', 'jpeg');
    host.put('/a/same.jpg', { type: 'image/jpeg', body: source });
    host.put('/b/same-again.jpg', { type: 'image/jpeg', body: source });
    const [first, second] = [await create('same-one', `${host.origin}/a/same.jpg`), await create('same-two', `${host.origin}/b/same-again.jpg`)];
    await until(async () => (await artworkOf(first.id)) !== null && (await artworkOf(second.id)) !== null);
    expect(await artworkOf(first.id)).toEqual(await artworkOf(second.id));
    const db = t.ctx.database.db;
    const count = async (table: 'artworks' | 'artwork_variants', column: 'id' | 'artwork_id') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', artworkId(source)).executeTakeFirstOrThrow()).n);
    expect(await count('artworks', 'id')).toBe(1);
    expect(await count('artwork_variants', 'artwork_id')).toBe(VARIANTS.length);
  });

  it('copies the new artwork when a smartlink artworkUrl changes, and shows the new original meanwhile', async () => {
    const [before, after] = [await cover('#000000', '#ffffff', 'jpeg'), await cover('#ffffff', '#000000', 'jpeg')];
    host.put('/covers/v1.jpg', { type: 'image/jpeg', body: before });
    host.put('/covers/v2.jpg', { type: 'image/jpeg', body: after });
    const created = await create('changing', `${host.origin}/covers/v1.jpg`);
    await until(async () => (await artworkOf(created.id))?.id === artworkId(before));
    host.setDown(true); // the new one cannot be copied yet
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/smartlinks/${created.id}`, headers: auth, payload: { artworkUrl: `${host.origin}/covers/v2.jpg` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().artwork).toBeNull(); // the copy of the old one no longer applies
    expect(imgTag((await page('changing')).body)).toContain(`src="${host.origin}/covers/v2.jpg"`);
    host.setDown(false);
    await until(async () => (await artworkOf(created.id))?.id === artworkId(after));
  });

  it("gives /demo a raster artwork: its og:image is a 1200×630 JPEG served by Duotrack", async () => {
    const res = await page('demo');
    const og = /<meta property="og:image" content="http:\/\/localhost:80(\/art\/[0-9a-f]{32}\/og\.jpg)">/.exec(res.body)?.[1];
    expect(og, 'og:image under /art').toBeTruthy();
    expect(res.body).toContain('<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">');
    const image = await t.app.inject({ url: og! });
    expect(image.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(image.rawPayload).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: 1200, height: 630 });
    expect(imgTag(res.body)).toMatch(/src="http:\/\/localhost:80\/art\/[0-9a-f]{32}\/320\.jpg"/);
  });
});

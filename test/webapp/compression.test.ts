// The web app's files go out precompressed by the build: brotli or gzip as the request's
// Accept-Encoding allows (q=0 refuses), otherwise as built; Vary on every answer, the length of
// the bytes sent, an ETag per encoding with 304 on a match, HEAD without a body. (The global
// setup builds the app, twins included, before the run.)
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const BROWSER = 'gzip, deflate, br, zstd';

describe('compression of the web app', () => {
  let database: TestDatabase;
  let t: TestApp;
  /** index.html and every asset it loads, as built (no Accept-Encoding). */
  let originals: Map<string, Buffer>;

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database);
    const index = await get('/app/');
    originals = new Map([['/app/', index.rawPayload]]);
    for (const [, asset] of index.body.matchAll(/(?:src|href)="(\/app\/[^"]+\.(?:js|css|svg))"/g)) {
      originals.set(asset as string, (await get(asset as string)).rawPayload);
    }
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('loads index.html, a script, a stylesheet and the icon', () => {
    const urls = [...originals.keys()];
    expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
    expect(urls).toContain('/app/favicon.svg');
  });

  it('sends brotli to a browser, the same bytes once decompressed, with their length', async () => {
    for (const [url, original] of originals) {
      const res = await get(url, { 'accept-encoding': BROWSER });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers.vary, url).toBe('accept-encoding');
      expect(Number(res.headers['content-length']), url).toBe(res.rawPayload.length);
      expect(res.rawPayload.length, url).toBeLessThan(original.length);
      expect(brotliDecompressSync(res.rawPayload).equals(original), url).toBe(true);
    }
  });

  it('sends gzip when brotli is not accepted or refused with q=0', async () => {
    for (const acceptEncoding of ['gzip', 'gzip, deflate', 'br;q=0, gzip, deflate']) {
      for (const [url, original] of originals) {
        const res = await get(url, { 'accept-encoding': acceptEncoding });
        expect(res.headers['content-encoding'], `${url} ${acceptEncoding}`).toBe('gzip');
        expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
        expect(gunzipSync(res.rawPayload).equals(original), url).toBe(true);
      }
    }
  });

  it('sends the file as built with no Accept-Encoding, or with every coding refused, and still says it varies', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      for (const [url, original] of originals) {
        const res = await get(url, headers);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-encoding'], url).toBeUndefined();
        expect(res.headers.vary, url).toBe('accept-encoding');
        expect(res.rawPayload.equals(original), url).toBe(true);
        expect(Number(res.headers['content-length'])).toBe(original.length);
      }
    }
  });

  it('answers 406 when the request refuses every encoding, identity included', async () => {
    const res = await get('/app/', { 'accept-encoding': '*;q=0' });
    expect(res.statusCode).toBe(406);
    expect(res.body).toContain('br, gzip');
  });

  it('keeps the caching of each kind of file, in every encoding', async () => {
    for (const acceptEncoding of ['br', 'gzip', 'identity']) {
      expect((await get('/app/clients/1', { 'accept-encoding': acceptEncoding })).headers['cache-control']).toBe('no-store');
      expect((await get('/app/favicon.svg', { 'accept-encoding': acceptEncoding })).headers['cache-control']).toBe('public, max-age=300');
      for (const url of [...originals.keys()].filter((u) => u.startsWith('/app/assets/'))) {
        const res = await get(url, { 'accept-encoding': acceptEncoding });
        expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
        expect(res.headers['content-type'], url).toBe(url.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      }
    }
  });

  it('gives each encoding its own ETag, and answers 304 only for the one the client holds', async () => {
    const url = [...originals.keys()].find((u) => u.endsWith('.js')) as string;
    const etags = new Map<string, string>();
    for (const acceptEncoding of ['br', 'gzip', 'identity']) etags.set(acceptEncoding, String((await get(url, { 'accept-encoding': acceptEncoding })).headers.etag));
    expect(new Set(etags.values()).size).toBe(3);
    for (const etag of etags.values()) expect(etag).toMatch(/^"[\w-]+"$/);

    const fresh = await get(url, { 'accept-encoding': 'br', 'if-none-match': etags.get('br') as string });
    expect(fresh.statusCode).toBe(304);
    expect(fresh.rawPayload.length).toBe(0);
    expect(fresh.headers.etag).toBe(etags.get('br'));
    expect(fresh.headers.vary).toBe('accept-encoding');
    expect(fresh.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const weakInAList = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': `"other", W/${etags.get('gzip')}` });
    expect(weakInAList.statusCode).toBe(304);

    const otherEncoding = await get(url, { 'accept-encoding': 'br', 'if-none-match': etags.get('identity') as string });
    expect(otherEncoding.statusCode).toBe(200);
    expect(brotliDecompressSync(otherEncoding.rawPayload).equals(originals.get(url) as Buffer)).toBe(true);
  });

  it('answers HEAD with the headers of the encoding GET would send, and no body', async () => {
    const url = [...originals.keys()].find((u) => u.endsWith('.css')) as string;
    const got = await get(url, { 'accept-encoding': BROWSER });
    const head = await t.app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': BROWSER } });
    expect(head.statusCode).toBe(200);
    expect(head.rawPayload.length).toBe(0);
    for (const name of ['content-encoding', 'content-length', 'content-type', 'etag', 'vary', 'cache-control']) {
      expect(head.headers[name], name).toBe(got.headers[name]);
    }
  });
});

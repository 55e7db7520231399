// The API compresses its answers of 1 KB or more (brotli or gzip, as asked), identical once
// decompressed; a small answer, or a request without Accept-Encoding, gets plain bytes. The raw
// event export still streams (no Content-Length) and decompresses whole. The smartlink pages, the
// beacon and the health check are never compressed by the server.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { storeEvents } from '../../src/events/append.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const DECOMPRESS: Readonly<Record<string, (body: Buffer) => Buffer>> = { br: brotliDecompressSync, gzip: gunzipSync };

describe.each(DIALECTS)('API compression on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;
  let links: Smartlink[];
  /** Events stored for the client: views, with their clicks and confirmations. */
  let stored: number;

  const get = (url: string, acceptEncoding?: string) =>
    t.app.inject({ url, headers: { authorization: `Bearer ${key}`, ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }) } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Compressed Records' });
    key = (await createApiKey(db, { clientId: client.id, name: 'compression' })).key;
    links = [];
    for (let i = 0; i < 30; i++) {
      const services = [{ service: 'spotify', url: `https://open.spotify.com/track/${i}` }, { service: 'deezer', url: `https://www.deezer.com/track/${i}` }];
      links.push(await createSmartlink(db, { clientId: client.id, slug: `squeeze-${i}`, artistName: 'Ana', trackTitle: `Track ${i}`, status: 'live', services }));
    }
    const now = Date.now();
    const events = [...syntheticEvents({ clientId: client.id, smartlinkIds: links.map((l) => l.id), from: now - 86_400_000, to: now, views: 400, seed: 3 })];
    await storeEvents(t.ctx.database, events);
    stored = events.length;
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it.each(['br', 'gzip'])('sends a large JSON list as %s, the same JSON once decompressed', async (encoding) => {
    const plain = await get('/api/v1/smartlinks?limit=100');
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(4096);
    const res = await get('/api/v1/smartlinks?limit=100', encoding === 'br' ? 'gzip, deflate, br' : 'gzip, deflate');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const decoded = (DECOMPRESS[encoding] as (b: Buffer) => Buffer)(res.rawPayload);
    expect(decoded.equals(plain.rawPayload)).toBe(true);
    expect(JSON.parse(decoded.toString()).data).toHaveLength(links.length);
  });

  it('sends plain JSON without Accept-Encoding, with br refused, and when the answer is small', async () => {
    for (const res of [await get('/api/v1/smartlinks?limit=100'), await get('/api/v1/smartlinks?limit=100', 'identity'), await get('/api/v1/smartlinks?limit=100', 'br;q=0, gzip;q=0')]) {
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json().data).toHaveLength(links.length);
    }
    const small = await get('/api/v1/smartlinks?limit=100&q=nothing-matches-this', 'gzip, deflate, br');
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().data).toEqual([]);
  });

  it('compresses the OpenAPI document', async () => {
    const plain = await get('/api/openapi.json');
    const res = await get('/api/openapi.json', 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('streams the NDJSON export compressed, whole once decompressed', async () => {
    const plain = await get('/api/v1/privacy/export?format=ndjson');
    expect(plain.statusCode).toBe(200);
    const rows = plain.body.trim().split('\n');
    expect(rows).toHaveLength(stored);
    const res = await get('/api/v1/privacy/export?format=ndjson', 'gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBeUndefined(); // streamed, not buffered to be measured
    // The same rows: the export reads the events afresh, and both answers list them in one order.
    expect(gunzipSync(res.rawPayload).toString()).toBe(plain.body);
  });

  it('streams the CSV export over a real connection in chunks, brotli-compressed', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const { headers, chunks } = await new Promise<{ headers: Record<string, unknown>; chunks: Buffer[] }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/privacy/export?format=csv', headers: { authorization: `Bearer ${key}`, 'accept-encoding': 'br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, chunks }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(address).toContain('127.0.0.1');
    expect(headers['content-encoding']).toBe('br');
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-length']).toBeUndefined();
    const csv = brotliDecompressSync(Buffer.concat(chunks)).toString();
    expect(csv.trim().split('\r\n')).toHaveLength(stored + 1);
    expect(csv).toContain(links[0]?.id);
  });

  it('leaves the smartlink pages, the beacon and the health check uncompressed', async () => {
    const browser = { 'accept-encoding': 'gzip, deflate, br', 'user-agent': PHONE_UA };
    const page = await t.app.inject({ url: '/squeeze-1', headers: browser });
    expect(page.statusCode).toBe(200);
    expect(page.rawPayload.length).toBeGreaterThan(1024);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body).toContain('Track 1');
    const beacon = await t.app.inject({ method: 'POST', url: '/e', headers: browser, payload: { v: 'x', s: 'squeeze-1', kind: 'view' } });
    expect(beacon.headers['content-encoding']).toBeUndefined();
    const health = await t.app.inject({ url: '/health', headers: browser });
    expect(health.headers['content-encoding']).toBeUndefined();
  });
});

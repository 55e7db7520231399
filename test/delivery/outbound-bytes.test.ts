// The outbound guard's binary GET (artwork downloads): the bytes as sent, the declared type, and a
// size limit enforced from the Content-Length or, without one, while reading.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerTooLarge, createOutbound } from '../../src/delivery/outbound.js';

const BYTES = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256)); // not valid UTF-8

describe('outbound getBytes', () => {
  let stub: Server;
  let base = '';
  const outbound = createOutbound(['127.0.0.1']);
  const get = (path: string, maxBytes: number) => outbound.getBytes(`${base}${path}`, { headers: {}, timeoutMs: 2000, maxBytes });

  beforeAll(async () => {
    stub = createServer((req, res) => {
      if (req.url === '/declared') return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': BYTES.length }).end(BYTES);
      res.writeHead(200, { 'content-type': 'image/png' }); // chunked: no length declared
      res.write(BYTES.subarray(0, 2500));
      setTimeout(() => res.end(BYTES.subarray(2500)), 20);
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => stub.close(resolve)));

  it('returns the body byte for byte, with its declared type', async () => {
    for (const path of ['/declared', '/chunked']) {
      const answer = await get(path, BYTES.length);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('image/png');
      expect(answer.body.equals(BYTES), path).toBe(true);
    }
  });

  it('refuses a body larger than maxBytes, whether its length is declared or not', async () => {
    for (const path of ['/declared', '/chunked']) {
      await expect(get(path, 4000), path).rejects.toThrow(AnswerTooLarge);
      await expect(get(path, 4000), path).rejects.toThrow('HTTP 200, answer larger than 4000 bytes');
    }
  });

  it('keeps the guard: loopback refused without the allow-list', async () => {
    await expect(createOutbound([]).getBytes(`${base}/declared`, { headers: {}, timeoutMs: 2000, maxBytes: 10_000 })).rejects.toThrow(/is not allowed/);
  });
});

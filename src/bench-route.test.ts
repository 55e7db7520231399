import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { benchRoutes } from './bench-route.js';

describe('GET /_bench/bare?bytes=N', () => {
  it.each([
    { name: 'a landing page size', asked: '25431', bytes: 25_431 },
    { name: 'smaller than the page skeleton', asked: '10', bytes: 10 },
    { name: 'none asked: empty', asked: undefined, bytes: 0 },
    { name: 'not a number: empty', asked: 'many', bytes: 0 },
    { name: 'over 1 MB: 1 MB', asked: '5000000', bytes: 1 << 20 },
  ])('$name', async ({ asked, bytes }) => {
    const app = Fastify();
    await app.register(benchRoutes);
    const response = await app.inject({ url: '/_bench/bare', query: asked === undefined ? {} : { bytes: asked } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.rawPayload.length).toBe(bytes);
    expect(Number(response.headers['content-length'])).toBe(bytes);
  });

  it('answers the size asked when it changes between requests', async () => {
    const app = Fastify();
    await app.register(benchRoutes);
    for (const bytes of [300, 300, 120, 300]) expect((await app.inject({ url: `/_bench/bare?bytes=${bytes}` })).rawPayload.length).toBe(bytes);
  });
});

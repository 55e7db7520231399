import { describe, expect, it } from 'vitest';
import type { Outbound } from '../delivery/outbound.js';
import { createCatalogueHttp } from './http.js';
import { RESCAN_MAX_AGE_MS } from './rescan.js';
import { ProviderFailure } from './types.js';

const LIMIT = { burst: 100, perSecond: 100 };
const MINUTE = 60_000;

/** An API that answers 200 with a counter, on a clock the test moves. */
function fakeApi(status = 200, limit = LIMIT, maxWaitMs = 8000) {
  let now = 1_000_000;
  const asked: string[] = [];
  const outbound = {
    get: async (url: string) => {
      asked.push(url);
      return { status, body: JSON.stringify({ n: asked.length }) };
    },
  } as unknown as Outbound;
  const http = createCatalogueHttp({
    outbound,
    cacheMs: 60 * MINUTE,
    maxWaitMs,
    timeoutMs: 1000,
    limits: { deezer: limit, itunes: limit, spotify: limit, odesli: limit, musicbrainz: limit },
    clock: () => now,
  })('deezer');
  return { http, asked, advance: (ms: number) => (now += ms) };
}

describe('catalogue HTTP cache ages', () => {
  it('serves an answer from the cache for its whole TTL to a resolve', async () => {
    const api = fakeApi();
    await api.http.getJson('https://api.test/a', { client: 'c1' });
    api.advance(50 * MINUTE);
    expect((await api.http.getJson('https://api.test/a', { client: 'c2' })).json).toEqual({ n: 1 });
    expect(api.asked).toHaveLength(1);
  });

  it('gives a rescan a cached answer younger than RESCAN_MAX_AGE_MS, and asks again (refreshing the cache) when it is older', async () => {
    const api = fakeApi();
    const rescan = { client: 'c1', maxAgeMs: RESCAN_MAX_AGE_MS };
    await api.http.getJson('https://api.test/a', { client: 'c1' });
    api.advance(RESCAN_MAX_AGE_MS - MINUTE);
    expect((await api.http.getJson('https://api.test/a', rescan)).json).toEqual({ n: 1 });
    api.advance(2 * MINUTE);
    expect((await api.http.getJson('https://api.test/a', rescan)).json).toEqual({ n: 2 });
    expect((await api.http.getJson('https://api.test/a', { client: 'c2' })).json).toEqual({ n: 2 }); // refreshed for everyone
    expect(api.asked).toHaveLength(2);
  });

  it('does not cache a failure', async () => {
    const api = fakeApi(503);
    await expect(api.http.getJson('https://api.test/a', { client: 'c1' })).rejects.toBeInstanceOf(ProviderFailure);
    await expect(api.http.getJson('https://api.test/a', { client: 'c1' })).rejects.toThrow('Deezer is unavailable (HTTP 503)');
    expect(api.asked).toHaveLength(2);
  });
});

describe('catalogue HTTP fair share', () => {
  it('refuses a client’s call at once once it has its share of the queue waiting, while another client’s call is served', async () => {
    // one call at once, then one a millisecond: within the 8 ms bound a client may have 4 waiting
    const api = fakeApi(200, { burst: 1, perSecond: 1000 }, 8);
    const ask = (client: string, n: number) => api.http.getJson(`https://api.test/${client}/${n}`, { client });
    const greedy = [1, 2, 3, 4, 5].map((n) => ask('greedy', n)); // one served at once, four waiting
    const refused = ask('greedy', 6);
    const polite = ask('polite', 1);
    await expect(refused).rejects.toMatchObject({ provider: 'deezer', status: 'rate_limited', message: expect.stringMatching(/^Deezer is busy with this account's earlier lookups: retry in 1 s$/) });
    await expect(Promise.all([...greedy, polite])).resolves.toHaveLength(6);
    expect(api.asked).not.toContain('https://api.test/greedy/6');
  });
});

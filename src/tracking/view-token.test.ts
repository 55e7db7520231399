import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { clickIdFor, createViewTokens, uuidv7Time } from './view-token.js';

const tokens = createViewTokens('test-secret');
const NOW = Date.UTC(2026, 10, 24, 12);
const HOUR = 3_600_000;
const view = uuidv7({ msecs: NOW - 60_000 });
const token = tokens.sign(view, 'smartlink-a');

describe('view tokens', () => {
  it.each([
    { name: 'a token for this smartlink, a minute old', token, smartlink: 'smartlink-a', expected: view },
    { name: 'another smartlink’s token', token, smartlink: 'smartlink-b', expected: null },
    { name: 'a tampered signature', token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), smartlink: 'smartlink-a', expected: null },
    { name: 'a signature from another secret', token: createViewTokens('other').sign(view, 'smartlink-a'), smartlink: 'smartlink-a', expected: null },
    { name: 'an expired token', token: tokens.sign(uuidv7({ msecs: NOW - 2 * HOUR }), 'smartlink-a'), smartlink: 'smartlink-a', expected: null },
    { name: 'a token from the future', token: tokens.sign(uuidv7({ msecs: NOW + HOUR }), 'smartlink-a'), smartlink: 'smartlink-a', expected: null },
    { name: 'no signature', token: view, smartlink: 'smartlink-a', expected: null },
    { name: 'not a UUIDv7', token: `not-a-uuid.${token.split('.')[1]}`, smartlink: 'smartlink-a', expected: null },
    { name: 'a third part appended', token: `${token}.extra`, smartlink: 'smartlink-a', expected: null },
    { name: 'a very long token', token: `${token}${'x'.repeat(200)}`, smartlink: 'smartlink-a', expected: null },
  ])('$name', ({ token: given, smartlink, expected }) => {
    expect(tokens.verify(given, smartlink, HOUR, NOW)).toBe(expected);
  });

  it.each([
    { secret: 'test-secret', signature: 'CO1uwuwFAZ04c8luVNLuTC' },
    { secret: 'clé-secrète-ü', signature: '2aOu7wmWroImnSI520FpKN' }, // the secret read as UTF-8
  ])('signs with HMAC-SHA256("view|<id>|<smartlink>") keyed by $secret, as before a deploy (its tokens stay valid)', ({ secret, signature }) => {
    const id = '01a24f37-e3cb-72a8-af96-60a665f357bc';
    expect(createViewTokens(secret).sign(id, 'smartlink-a')).toBe(`${id}.${signature}`);
  });

  it('reads the time of a UUIDv7', () => {
    expect(uuidv7Time(view)).toBe(NOW - 60_000);
  });
});

describe('click ids', () => {
  it('are UUIDv7s with the view’s time, distinct per service, the same for the same view and service', () => {
    const spotify = clickIdFor(view, 'spotify');
    expect(spotify).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(spotify)).toBe(uuidv7Time(view));
    expect(clickIdFor(view, 'spotify')).toBe(spotify);
    const services = ['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'tidal', 'soundcloud', 'bandcamp'];
    expect(new Set(services.map((s) => clickIdFor(view, s))).size).toBe(services.length);
    expect(services.map((s) => clickIdFor(view, s))).not.toContain(view);
    const taps = [0, 1, 2, 3, 999].map((n) => clickIdFor(view, 'spotify', n));
    expect(new Set(taps).size).toBe(taps.length);
    expect(taps[0]).toBe(spotify);
  });
});

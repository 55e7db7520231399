import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type AppPlatform } from '../config.js';
import { ANDROID_PACKAGES, androidIntentUrl, serviceAnswer } from './app-open.js';

const BOTH: ReadonlySet<AppPlatform> = new Set(['ios', 'android']);
const SPOTIFY = { service: 'spotify', url: 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy', appUris: { ios: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy' } };
const WEB = SPOTIFY.url;

describe('androidIntentUrl', () => {
  it('names the package, keeps host, path and query, and carries the web URL as the fallback', () => {
    expect(androidIntentUrl('https://music.amazon.fr/albums/B00TSHX8W4?trackAsin=B1&x=a%20b', 'com.amazon.mp3')).toBe(
      'intent://music.amazon.fr/albums/B00TSHX8W4?trackAsin=B1&x=a%20b#Intent;scheme=https;package=com.amazon.mp3;S.browser_fallback_url=https%3A%2F%2Fmusic.amazon.fr%2Falbums%2FB00TSHX8W4%3FtrackAsin%3DB1%26x%3Da%2520b;end',
    );
  });
  it('drops the web URL’s fragment from the intent (it starts the intent part) but keeps it in the fallback', () => {
    expect(androidIntentUrl('https://tidal.com/album/1#top', 'com.aspiro.tidal')).toBe(
      'intent://tidal.com/album/1#Intent;scheme=https;package=com.aspiro.tidal;S.browser_fallback_url=https%3A%2F%2Ftidal.com%2Falbum%2F1%23top;end',
    );
  });
  it('keeps a plain http destination’s scheme and a port', () => {
    expect(androidIntentUrl('http://example.com:8080/a', 'com.x')).toBe('intent://example.com:8080/a#Intent;scheme=http;package=com.x;S.browser_fallback_url=http%3A%2F%2Fexample.com%3A8080%2Fa;end');
  });
  it('builds nothing for a URL that is not http(s)', () => {
    expect(androidIntentUrl('ftp://example.com/a', 'com.x')).toBeNull();
    expect(androidIntentUrl('not a url', 'com.x')).toBeNull();
  });
});

describe('serviceAnswer', () => {
  it.each([
    { name: 'a browser on iOS: the plain redirect', fan: { inApp: null, os: 'ios', country: null }, expected: { kind: 'web', location: WEB } },
    { name: 'a browser on Android: the plain redirect', fan: { inApp: null, os: 'android', country: null }, expected: { kind: 'web', location: WEB } },
    { name: 'X’s in-app browser (not one that needs it): the plain redirect', fan: { inApp: 'x', os: 'android', country: null }, expected: { kind: 'web', location: WEB } },
    {
      name: 'Instagram on Android: the intent URL',
      fan: { inApp: 'instagram', os: 'android', country: null },
      expected: { kind: 'intent', web: WEB, location: `intent://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy#Intent;scheme=https;package=com.spotify.music;S.browser_fallback_url=${encodeURIComponent(WEB)};end` },
    },
    { name: 'TikTok on iOS with an app URI: the interstitial', fan: { inApp: 'tiktok', os: 'ios', country: null }, expected: { kind: 'app-uri', appUri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy', web: WEB } },
    { name: 'Facebook on a desktop: the plain redirect', fan: { inApp: 'facebook', os: 'other', country: null }, expected: { kind: 'web', location: WEB } },
  ] as const)('$name', ({ fan, expected }) => {
    expect(serviceAnswer(SPOTIFY, WEB, fan, BOTH)).toEqual(expected);
  });

  it('uses the plain redirect on iOS without an app URI, or with an unsafe one', () => {
    expect(serviceAnswer({ service: 'spotify', url: WEB }, WEB, { inApp: 'instagram', os: 'ios', country: null }, BOTH)).toEqual({ kind: 'web', location: WEB });
    expect(serviceAnswer({ service: 'spotify', url: WEB, appUris: { ios: 'javascript:alert(1)' } }, WEB, { inApp: 'instagram', os: 'ios', country: null }, BOTH)).toEqual({ kind: 'web', location: WEB });
  });

  it('uses the plain redirect on iOS for an app URI stored before the per-service rule: another app’s scheme, or a web URL', () => {
    const ios = { inApp: 'instagram', os: 'ios', country: null } as const;
    expect(serviceAnswer({ service: 'spotify', url: WEB, appUris: { ios: 'music://music.apple.com/us/album/1' } }, WEB, ios, BOTH)).toEqual({ kind: 'web', location: WEB });
    expect(serviceAnswer({ service: 'spotify', url: WEB, appUris: { ios: 'https://open.spotify.com/album/1' } }, WEB, ios, BOTH)).toEqual({ kind: 'web', location: WEB });
    expect(serviceAnswer({ service: 'bandcamp', url: 'https://x.bandcamp.com/album/a', appUris: { ios: 'bandcamp://album/1' } }, 'https://x.bandcamp.com/album/a', ios, BOTH)).toMatchObject({ kind: 'web' });
  });

  it('skips the app URI on iOS for a fan whose country has its own link (another storefront), and keeps it elsewhere', () => {
    const link = { service: 'apple-music', url: 'https://music.apple.com/us/album/1', countries: { FR: 'https://music.apple.com/fr/album/1' }, appUris: { ios: 'music://music.apple.com/us/album/1' } };
    const fr = 'https://music.apple.com/fr/album/1';
    expect(serviceAnswer(link, fr, { inApp: 'instagram', os: 'ios', country: 'FR' }, BOTH)).toEqual({ kind: 'web', location: fr });
    expect(serviceAnswer(link, link.url, { inApp: 'instagram', os: 'ios', country: 'US' }, BOTH)).toEqual({ kind: 'app-uri', appUri: link.appUris.ios, web: link.url });
    expect(serviceAnswer(link, link.url, { inApp: 'instagram', os: 'ios', country: null }, BOTH)).toMatchObject({ kind: 'app-uri' });
  });

  it('uses the plain redirect on Android for a service without an app (or a custom one)', () => {
    expect(serviceAnswer({ service: 'my-shop', url: 'https://shop.example/', label: 'Shop' }, 'https://shop.example/', { inApp: 'messenger', os: 'android', country: null }, BOTH)).toEqual({ kind: 'web', location: 'https://shop.example/' });
  });

  it('goes to the destination it is given (a per-country one), not the link’s default', () => {
    const fr = 'https://music.amazon.fr/albums/B00TSHX8W4';
    const answer = serviceAnswer({ service: 'amazon-music', url: 'https://music.amazon.com/albums/B00TSHX8W4' }, fr, { inApp: 'instagram', os: 'android', country: null }, BOTH);
    expect(answer).toMatchObject({ kind: 'intent', web: fr });
    expect(answer.kind === 'intent' && answer.location.startsWith('intent://music.amazon.fr/albums/B00TSHX8W4#Intent;scheme=https;package=com.amazon.mp3;')).toBe(true);
  });

  it('answers with the plain redirect on a platform APP_OPENING leaves out', () => {
    expect(serviceAnswer(SPOTIFY, WEB, { inApp: 'instagram', os: 'android', country: null }, new Set(['ios']))).toEqual({ kind: 'web', location: WEB });
    expect(serviceAnswer(SPOTIFY, WEB, { inApp: 'instagram', os: 'ios', country: null }, new Set())).toEqual({ kind: 'web', location: WEB });
  });

  it('knows the Android app of every major service', () => {
    expect(Object.keys(ANDROID_PACKAGES)).toEqual(expect.arrayContaining(['spotify', 'apple-music', 'deezer', 'youtube-music', 'amazon-music', 'tidal', 'soundcloud']));
  });
});

describe('APP_OPENING', () => {
  const base = { DATA_DIR: '/tmp/dt-config-test', SECRET: 's' };
  it.each([
    { value: undefined, expected: ['ios', 'android'] },
    { value: 'android', expected: ['android'] },
    { value: ' iOS , android ', expected: ['ios', 'android'] },
    { value: 'off', expected: [] },
  ])('$value → $expected', ({ value, expected }) => {
    expect([...loadConfig({ ...base, ...(value === undefined ? {} : { APP_OPENING: value }) }).appOpening]).toEqual(expected);
  });
  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ ...base, APP_OPENING: 'ios,windows' })).toThrow(new ConfigError('APP_OPENING: "windows" is not ios or android (use "ios,android", one of them, or "off")'));
  });
});

import { describe, expect, it } from 'vitest';
import { APP_SCHEMES, appUriFor, appUriProblem } from './app-uri.js';

describe('appUriProblem', () => {
  it.each([
    ['spotify', 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy'],
    ['apple-music', 'music://music.apple.com/us/album/_/1440857781?i=1&app=music'],
    ['apple-music', 'itms://music.apple.com/us/album/_/1440857781'],
    ['itunes', 'itmss://itunes.apple.com/us/album/_/1581786154?mt=1&app=itunes'],
    ['deezer', 'deezer://www.deezer.com/album/302127'],
    ['youtube-music', 'youtubemusic://watch?v=abc'],
    ['youtube', 'vnd.youtube://www.youtube.com/watch?v=abc'],
    ['youtube', 'YouTube://watch?v=abc'],
    ['tidal', 'tidal://album/194567097'],
    ['soundcloud', 'soundcloud://sounds:1234'],
  ])('%s: keeps %s', (service, uri) => {
    expect(appUriProblem(service, uri)).toBeNull();
    expect(appUriFor(service, uri)).toBe(uri);
  });

  it.each([
    { name: 'a web URL', service: 'spotify', uri: 'https://open.spotify.com/album/1', problem: 'appUris.ios must be an app URI of the spotify app (spotify:…), not "https:"' },
    { name: 'script', service: 'spotify', uri: 'JavaScript:alert(1)', problem: 'not "javascript:"' },
    { name: 'an Android intent', service: 'deezer', uri: 'intent://x#Intent;end', problem: 'not "intent:"' },
    { name: 'a phone call', service: 'tidal', uri: 'tel:+33100000000', problem: 'not "tel:"' },
    { name: 'an enterprise app install', service: 'apple-music', uri: 'itms-services://?action=download-manifest&url=https://evil.example/m.plist', problem: 'not "itms-services:"' },
    { name: 'a Shortcuts run', service: 'apple-music', uri: 'shortcuts://run-shortcut?name=x', problem: 'not "shortcuts:"' },
    { name: 'a FaceTime call', service: 'spotify', uri: 'facetime:someone@example.com', problem: 'not "facetime:"' },
    { name: 'another service’s app', service: 'spotify', uri: 'deezer://www.deezer.com/album/1', problem: 'not "deezer:"' },
    { name: 'a space', service: 'spotify', uri: 'spotify:album:a b', problem: 'printable ASCII characters without spaces or quotes' },
    { name: 'a quote', service: 'spotify', uri: 'spotify:album:"onload', problem: 'without spaces or quotes' },
    { name: 'non-ASCII', service: 'spotify', uri: 'spotify:album:é', problem: 'printable ASCII' },
    { name: 'no scheme', service: 'spotify', uri: 'nocolon', problem: 'must be an app URI of the spotify app' },
    { name: 'too long', service: 'spotify', uri: `spotify:${'a'.repeat(2000)}`, problem: 'at most 2000' },
    { name: 'a service without an app URI', service: 'amazon-music', uri: 'music://album/a', problem: 'service "amazon-music" has no app URI Duotrack opens (remove appUris)' },
    { name: 'a custom service', service: 'my-shop', uri: 'myshop://x', problem: 'service "my-shop" has no app URI Duotrack opens' },
    { name: 'an inherited key', service: 'constructor', uri: 'x:y', problem: 'has no app URI' },
  ])('refuses $name', ({ service, uri, problem }) => {
    expect(appUriProblem(service, uri)).toContain(problem);
    expect(appUriFor(service, uri)).toBeNull();
  });

  it('has no app URI for a service that is not listed, and none to check when there is none', () => {
    expect(Object.keys(APP_SCHEMES)).not.toContain('amazon-music');
    expect(appUriFor('spotify', undefined)).toBeNull();
  });
});

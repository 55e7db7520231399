import { describe, expect, it } from 'vitest';
import type { Channel } from '../event.js';
import { classifyReferrer, type ReferrerInput } from './referrer.js';

const base: ReferrerInput = { referrer: '', ownHost: 'go.duotrack.test', inApp: null, utmMedium: null, utmSource: null };

describe('classifyReferrer: stored referrer and host', () => {
  it.each([
    { name: 'query string and fragment are dropped', referrer: 'https://www.google.com/search?q=my+name&gclid=abc#top', expected: { referrer: 'https://www.google.com/search', referrer_host: 'google.com' } },
    { name: 'host is lower-cased, "www." removed, port dropped from the host', referrer: 'HTTP://WWW.Example.COM:8080/Path', expected: { referrer: 'http://www.example.com:8080/Path', referrer_host: 'example.com' } },
    { name: 'credentials never reach the stored referrer', referrer: 'https://user:secret@blog.example.org/post', expected: { referrer: 'https://blog.example.org/post', referrer_host: 'blog.example.org' } },
    { name: 'origin-only referrer (strict-origin policy) gets its "/" path', referrer: 'https://l.instagram.com', expected: { referrer: 'https://l.instagram.com/', referrer_host: 'l.instagram.com' } },
    { name: 'a trailing dot on the host is removed', referrer: 'https://example.com./a', expected: { referrer: 'https://example.com./a', referrer_host: 'example.com' } },
    { name: 'internationalised host in punycode', referrer: 'https://bücher.example/x', expected: { referrer: 'https://xn--bcher-kva.example/x', referrer_host: 'xn--bcher-kva.example' } },
    { name: 'absent referrer', referrer: '', expected: { referrer: null, referrer_host: null } },
    { name: 'whitespace referrer', referrer: '   ', expected: { referrer: null, referrer_host: null } },
    { name: 'not a URL', referrer: 'not a url at all', expected: { referrer: null, referrer_host: null } },
    { name: 'javascript: URL', referrer: 'javascript:alert(1)', expected: { referrer: null, referrer_host: null } },
    { name: 'android-app referrer is not stored', referrer: 'android-app://com.google.android.gm/', expected: { referrer: null, referrer_host: null } },
    { name: 'ftp URL', referrer: 'ftp://files.example.com/a', expected: { referrer: null, referrer_host: null } },
    { name: 'relative path', referrer: '/just/a/path', expected: { referrer: null, referrer_host: null } },
  ])('$name', ({ referrer, expected }) => {
    expect(classifyReferrer({ ...base, referrer })).toMatchObject(expected);
  });

  it('caps the stored referrer at 500 characters', () => {
    const result = classifyReferrer({ ...base, referrer: `https://example.com/${'a'.repeat(1000)}?q=1` });
    expect(result.referrer).toHaveLength(500);
    expect(result.referrer?.startsWith('https://example.com/aaa')).toBe(true);
  });
});

describe('classifyReferrer: channel', () => {
  it.each<{ name: string; input: Partial<ReferrerInput>; channel: Channel }>([
    // internal
    { name: 'our own host is internal', input: { referrer: 'https://go.duotrack.test/some-release' }, channel: 'internal' },
    { name: 'our own host with "www." is internal', input: { referrer: 'https://www.go.duotrack.test/x' }, channel: 'internal' },
    { name: 'internal wins over utm_medium', input: { referrer: 'https://go.duotrack.test/x', utmMedium: 'cpc' }, channel: 'internal' },
    // utm_medium
    { name: 'utm_medium cpc is paid', input: { utmMedium: 'cpc' }, channel: 'paid' },
    { name: 'utm_medium is case-insensitive', input: { utmMedium: 'CPC' }, channel: 'paid' },
    { name: 'utm_medium paid_social', input: { utmMedium: 'paid_social', referrer: 'https://l.instagram.com/' }, channel: 'paid' },
    { name: 'utm_medium paid-social', input: { utmMedium: 'paid-social' }, channel: 'paid' },
    { name: 'utm_medium paidsocial', input: { utmMedium: 'paidsocial' }, channel: 'paid' },
    { name: 'utm_medium display', input: { utmMedium: 'display' }, channel: 'paid' },
    { name: 'utm_medium cpm', input: { utmMedium: 'cpm' }, channel: 'paid' },
    { name: 'utm_medium ppc', input: { utmMedium: 'ppc' }, channel: 'paid' },
    { name: 'utm_medium ads', input: { utmMedium: 'ads' }, channel: 'paid' },
    { name: 'utm_medium paid', input: { utmMedium: 'paid' }, channel: 'paid' },
    { name: 'utm_medium email wins over a social referrer', input: { utmMedium: 'email', referrer: 'https://t.co/abc' }, channel: 'email' },
    { name: 'utm_medium e-mail', input: { utmMedium: 'e-mail' }, channel: 'email' },
    { name: 'utm_medium newsletter', input: { utmMedium: 'Newsletter' }, channel: 'email' },
    { name: 'utm_medium social', input: { utmMedium: 'social' }, channel: 'social' },
    { name: 'utm_medium social-network', input: { utmMedium: 'social-network' }, channel: 'social' },
    { name: 'utm_medium social-media', input: { utmMedium: 'social-media' }, channel: 'social' },
    { name: 'utm_medium sm', input: { utmMedium: 'sm' }, channel: 'social' },
    { name: 'utm_medium organic_social', input: { utmMedium: 'organic_social' }, channel: 'social' },
    { name: 'utm_medium organic is search', input: { utmMedium: 'organic' }, channel: 'search' },
    { name: 'unknown utm_medium falls through to the referrer', input: { utmMedium: 'bio', referrer: 'https://www.instagram.com/' }, channel: 'social' },
    { name: 'unknown utm_medium, no referrer, with utm_source → other', input: { utmMedium: 'qr', utmSource: 'poster' }, channel: 'other' },
    // social hosts
    { name: 'facebook.com', input: { referrer: 'https://www.facebook.com/' }, channel: 'social' },
    { name: 'm.facebook.com', input: { referrer: 'https://m.facebook.com/' }, channel: 'social' },
    { name: 'l.facebook.com link shim', input: { referrer: 'https://l.facebook.com/l.php?u=x' }, channel: 'social' },
    { name: 'lm.facebook.com', input: { referrer: 'https://lm.facebook.com/' }, channel: 'social' },
    { name: 'instagram.com', input: { referrer: 'https://instagram.com/' }, channel: 'social' },
    { name: 'l.instagram.com', input: { referrer: 'https://l.instagram.com/' }, channel: 'social' },
    { name: 't.co', input: { referrer: 'https://t.co/AbCd' }, channel: 'social' },
    { name: 'twitter.com', input: { referrer: 'https://twitter.com/' }, channel: 'social' },
    { name: 'x.com', input: { referrer: 'https://x.com/someone' }, channel: 'social' },
    { name: 'tiktok.com', input: { referrer: 'https://www.tiktok.com/' }, channel: 'social' },
    { name: 'snapchat.com', input: { referrer: 'https://www.snapchat.com/' }, channel: 'social' },
    { name: 'linkedin.com', input: { referrer: 'https://www.linkedin.com/' }, channel: 'social' },
    { name: 'lnkd.in', input: { referrer: 'https://lnkd.in/abc' }, channel: 'social' },
    { name: 'pinterest.com', input: { referrer: 'https://www.pinterest.com/' }, channel: 'social' },
    { name: 'pinterest country domain', input: { referrer: 'https://fr.pinterest.fr/' }, channel: 'social' },
    { name: 'pinterest.co.uk', input: { referrer: 'https://www.pinterest.co.uk/' }, channel: 'social' },
    { name: 'reddit.com', input: { referrer: 'https://old.reddit.com/r/music' }, channel: 'social' },
    { name: 'youtube.com', input: { referrer: 'https://www.youtube.com/' }, channel: 'social' },
    { name: 'threads.net', input: { referrer: 'https://www.threads.net/' }, channel: 'social' },
    { name: 'web.whatsapp.com', input: { referrer: 'https://web.whatsapp.com/' }, channel: 'social' },
    { name: 't.me (Telegram)', input: { referrer: 'https://t.me/channel' }, channel: 'social' },
    { name: 'web.telegram.org', input: { referrer: 'https://web.telegram.org/' }, channel: 'social' },
    { name: 'vk.com', input: { referrer: 'https://vk.com/' }, channel: 'social' },
    { name: 'discord.com', input: { referrer: 'https://discord.com/' }, channel: 'social' },
    // search hosts
    { name: 'google.com', input: { referrer: 'https://www.google.com/' }, channel: 'search' },
    { name: 'google.co.uk', input: { referrer: 'https://www.google.co.uk/' }, channel: 'search' },
    { name: 'google.com.br', input: { referrer: 'https://www.google.com.br/' }, channel: 'search' },
    { name: 'google.de', input: { referrer: 'https://www.google.de/' }, channel: 'search' },
    { name: 'bing.com', input: { referrer: 'https://www.bing.com/' }, channel: 'search' },
    { name: 'duckduckgo.com', input: { referrer: 'https://duckduckgo.com/' }, channel: 'search' },
    { name: 'search.yahoo.com', input: { referrer: 'https://search.yahoo.com/' }, channel: 'search' },
    { name: 'yahoo.co.jp', input: { referrer: 'https://search.yahoo.co.jp/' }, channel: 'search' },
    { name: 'baidu.com', input: { referrer: 'https://www.baidu.com/' }, channel: 'search' },
    { name: 'yandex.ru', input: { referrer: 'https://yandex.ru/' }, channel: 'search' },
    { name: 'yandex.com.tr', input: { referrer: 'https://yandex.com.tr/' }, channel: 'search' },
    { name: 'ecosia.org', input: { referrer: 'https://www.ecosia.org/' }, channel: 'search' },
    { name: 'qwant.com', input: { referrer: 'https://www.qwant.com/' }, channel: 'search' },
    { name: 'search.brave.com', input: { referrer: 'https://search.brave.com/' }, channel: 'search' },
    { name: 'startpage.com', input: { referrer: 'https://www.startpage.com/' }, channel: 'search' },
    { name: 'a "google" subdomain of someone else is not search', input: { referrer: 'https://google.example.com/' }, channel: 'other' },
    { name: 'brave.com itself is not search', input: { referrer: 'https://brave.com/' }, channel: 'other' },
    // email hosts
    { name: 'mail.google.com (Gmail web)', input: { referrer: 'https://mail.google.com/' }, channel: 'email' },
    { name: 'outlook.live.com', input: { referrer: 'https://outlook.live.com/' }, channel: 'email' },
    { name: 'outlook.office.com', input: { referrer: 'https://outlook.office.com/' }, channel: 'email' },
    { name: 'mail.yahoo.com', input: { referrer: 'https://mail.yahoo.com/' }, channel: 'email' },
    { name: 'e.mail.ru', input: { referrer: 'https://e.mail.ru/' }, channel: 'email' },
    { name: 'webmail of some provider', input: { referrer: 'https://webmail.free.fr/' }, channel: 'email' },
    { name: 'mail.* of some company', input: { referrer: 'https://mail.example.net/' }, channel: 'email' },
    // other
    { name: 'any other host', input: { referrer: 'https://blog.example.org/post' }, channel: 'other' },
    { name: 'any other host, even from an in-app browser', input: { referrer: 'https://blog.example.org/post', inApp: 'instagram' }, channel: 'other' },
    { name: 'a host ending like a social domain is not it', input: { referrer: 'https://notfacebook.com/' }, channel: 'other' },
    // no referrer
    { name: 'no referrer, in an in-app browser → social', input: { inApp: 'tiktok' }, channel: 'social' },
    { name: 'no referrer, utm_source only → other', input: { utmSource: 'spotify-canvas' }, channel: 'other' },
    { name: 'no referrer, blank utm_source → direct', input: { utmSource: '  ' }, channel: 'direct' },
    { name: 'no referrer at all → direct', input: {}, channel: 'direct' },
    { name: 'garbage referrer counts as none → direct', input: { referrer: '%%%not-a-url' }, channel: 'direct' },
    { name: 'Gmail Android app referrer → email', input: { referrer: 'android-app://com.google.android.gm/' }, channel: 'email' },
    { name: 'Google app Android referrer → search', input: { referrer: 'android-app://com.google.android.googlequicksearchbox/' }, channel: 'search' },
    { name: 'Instagram Android app referrer → social', input: { referrer: 'android-app://com.instagram.android/' }, channel: 'social' },
    { name: 'unknown Android app referrer → direct', input: { referrer: 'android-app://com.example.app/' }, channel: 'direct' },
  ])('$name', ({ input, channel }) => {
    expect(classifyReferrer({ ...base, ...input }).channel).toBe(channel);
  });
});

describe('classifyReferrer: never throws', () => {
  it.each([
    { name: 'control characters', referrer: '\u0000\u0001https://x' },
    { name: 'a lone surrogate', referrer: 'https://example.com/\ud800' },
    { name: 'a huge string', referrer: 'h'.repeat(100_000) },
    { name: 'brackets without an address', referrer: 'http://[/' },
    { name: 'only a scheme', referrer: 'https://' },
  ])('$name', ({ referrer }) => {
    expect(() => classifyReferrer({ ...base, referrer, ownHost: '', utmMedium: '\u0000', utmSource: '' })).not.toThrow();
  });
});

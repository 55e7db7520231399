// Destination URLs are stored normalised (punycode host, percent-encoded path and query), and what
// is accepted is always a valid Location header value; raw line breaks and controls are refused.
import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHttpUrl } from '../../src/links/url.js';

describe('checkHttpUrl', () => {
  it.each([
    { name: 'a Japanese host and path', url: 'https://例え.jp/track/日本語?q=ü', href: 'https://xn--r8jz45g.jp/track/%E6%97%A5%E6%9C%AC%E8%AA%9E?q=%C3%BC' },
    { name: 'a Cyrillic look-alike host', url: 'https://аpple.com/jp', href: 'https://xn--pple-43d.com/jp' },
    { name: 'upper case, a default port and a space', url: 'HTTPS://Example.COM:443/a b', href: 'https://example.com/a%20b' },
    { name: 'a plain URL, unchanged', url: 'https://open.spotify.com/track/1?si=x', href: 'https://open.spotify.com/track/1?si=x' },
  ])('normalises $name', ({ url, href }) => {
    expect(checkHttpUrl(url)).toEqual({ ok: true, href });
  });

  it.each([
    { name: 'CR LF in the path', url: 'https://example.com/\r\nSet-Cookie: a=b', problem: 'contains a line break or a control character' },
    { name: 'a line feed in the host', url: 'https://exa\nmple.com/', problem: 'contains a line break or a control character' },
    { name: 'a Unicode line separator', url: 'https://example.com/x\u2028y', problem: 'contains a line break or a control character' },
    { name: 'a NUL byte', url: 'https://example.com/\u0000', problem: 'contains a line break or a control character' },
    { name: 'a javascript: URL', url: 'javascript:alert(1)', problem: 'is not http(s)' },
    { name: 'credentials', url: 'https://user:pw@example.com/', problem: 'holds a user name or password' },
    { name: 'a host that cannot be written in ASCII', url: 'https://a\u00adb\u200c.xn--/x', problem: 'is not a valid URL' },
    { name: 'a relative path', url: '/track/1', problem: 'is not a valid URL' },
  ])('refuses $name', ({ url, problem }) => {
    expect(checkHttpUrl(url)).toEqual({ ok: false, problem });
  });

  it('accepts only what is a valid Location header value, and normalising twice changes nothing', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(fc.constantFrom('http://', 'https://', 'HTTPS://', ''), text, text, text, (scheme, host, path, query) => {
        const checked = checkHttpUrl(`${scheme}${host}.example/${path}?${query}`);
        if (!checked.ok) return;
        expect(() => validateHeaderValue('location', checked.href)).not.toThrow();
        expect(checkHttpUrl(checked.href)).toEqual(checked);
      }),
      { numRuns: 2000 },
    );
  });
});

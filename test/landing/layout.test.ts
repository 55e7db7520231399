// The pages' stylesheet: the real font stack (never HTML-escaped), colours corrected to AA, the
// artwork's backdrop, and no branding value, however crafted, able to leave the <style> element.
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../src/landing/contrast.js';
import { cssUrl } from '../../src/landing/css.js';
import { html } from '../../src/landing/html.js';
import { fillSlots, layout, type LayoutInput } from '../../src/landing/layout.js';
import { DEFAULT_BRANDING, FONTS, type Branding } from '../../src/tenants/client.js';

function render(branding: Partial<Branding>, extra: Partial<LayoutInput> = {}): string {
  const template = layout({ lang: 'en', title: 'T', branding: { ...DEFAULT_BRANDING, ...branding }, body: html`<h1>T</h1>`, ...extra });
  return fillSlots(template, { nonce: 'n0nce' }).toString();
}

/** The text of the page's (only) <style> element. */
function styleOf(page: string): string {
  const styles = [...page.matchAll(/<style nonce="n0nce">([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  return (styles[0] as RegExpMatchArray)[1] as string;
}

/** A custom property of :root, as written. */
const prop = (css: string, name: string) => new RegExp(`--${name}:([^;}]*)`).exec(css)?.[1];

describe('the pages’ stylesheet', () => {
  it.each(Object.entries(FONTS))('writes the %s font stack as CSS, quotes and all', (key, stack) => {
    const css = styleOf(render({ font: key }));
    expect(prop(css, 'f')).toBe(stack);
    expect(css).not.toContain('&quot;');
  });

  it('corrects the brand colour drawn on the white rows to AA, and keeps a dark background with white text', () => {
    const css = styleOf(render({ primaryColor: '#ff5f6d', secondaryColor: '#1a1033' }));
    const accent = prop(css, 'p') as string;
    expect(accent).not.toBe('#ff5f6d');
    expect(contrastRatio(accent, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(prop(css, 'bg')).toBe('#1a1033');
    expect(prop(css, 'fg')).toBe('#ffffff');
  });

  it('takes the background from the artwork’s colour and draws its blurred copy behind the top', () => {
    const page = render({ secondaryColor: '#1a1033' }, { backdrop: { image: 'https://links.test/art/abc/backdrop.webp', colour: '#f0e6d2' } });
    const css = styleOf(page);
    expect(prop(css, 'bg')).toBe('#f0e6d2');
    expect(prop(css, 'fg')).toBe('#111111'); // a light artwork: dark text
    expect(prop(css, 'bd')).toBe('url("https://links.test/art/abc/backdrop.webp")');
    expect(page).toContain('<div class="bd" aria-hidden="true"></div>');
    // without one, the client's secondary colour and no backdrop element
    const plain = render({ secondaryColor: '#1a1033' });
    expect(prop(styleOf(plain), 'bg')).toBe('#1a1033');
    expect(plain).not.toContain('class="bd"');
  });

  it('keeps the artwork square with a visible placeholder and hidden alt text when the image fails', () => {
    const art = /\.art\{([^}]*)\}/.exec(styleOf(render({})))?.[1] ?? '';
    expect(art).toContain('aspect-ratio:1');
    expect(art).toContain('color:transparent');
    expect(art).toMatch(/background:#[0-9a-f]{6} url\("data:image\/svg\+xml,/);
  });

  it('never lets a crafted branding value out of the style element', () => {
    const attack = '"}</style><script>alert(1)</script><style>';
    const page = render(
      { font: `system;}${attack}`, primaryColor: `#fff;}${attack}`, secondaryColor: `red${attack}`, logo: `https://x.test/${attack}` },
      { backdrop: { image: `https://x.test/a${attack}\\"\n)`, colour: `#000;${attack}` } },
    );
    expect(page).not.toContain('<script>alert(1)');
    const css = styleOf(page); // still exactly one style element, closed where the layout closes it
    expect(css).not.toMatch(/[<>]/);
    expect(prop(css, 'f')).toBe(FONTS.system);
    expect(prop(css, 'p')).toMatch(/^#[0-9a-f]{6}$/);
    expect(prop(css, 'bg')).toBe(DEFAULT_BRANDING.secondaryColor);
  });
});

describe('cssUrl', () => {
  it.each([
    { name: 'a plain URL', url: 'https://a.test/art/x/backdrop.webp?v=1', css: 'url("https://a.test/art/x/backdrop.webp?v=1")' },
    { name: 'quotes, parentheses and backslashes', url: 'https://a.test/")\\(\'', css: 'url("https://a.test/\\22 \\29 \\5c \\28 \\27 ")' },
    { name: 'an end tag and a newline', url: 'https://a.test/</style>\n', css: 'url("https://a.test/\\3c /style\\3e \\a ")' },
  ])('escapes $name', ({ url, css }) => {
    expect(cssUrl(url).value).toBe(css);
  });
});

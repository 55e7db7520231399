// The fan page as Chromium draws it: the client's font stack applied (not the browser's serif
// default), and an artwork that fails to load keeping its square with a placeholder instead of
// collapsing to its alt text.
import { describe, expect, it } from 'vitest';
import { FONTS } from '../../src/tenants/client.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E } from './support/harness.js';

describe('the fan page in Chromium', () => {
  const e2e = useE2E();

  it('uses the client’s font and keeps a broken artwork’s square, with a placeholder and no visible alt text', async () => {
    const link = await e2e.link({
      client: { tracking: {}, branding: { primaryColor: '#ffc371', secondaryColor: '#3a1c71', font: 'mono' } },
      smartlink: { artworkUrl: 'https://artwork.invalid/cover.jpg' }, // never resolves: a broken image
    });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    const art = page.locator('img.art');
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.art');
      return !!img && img.complete;
    });
    expect(await art.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0); // it did fail
    const drawn = await art.evaluate((img) => {
      const style = getComputedStyle(img);
      const box = img.getBoundingClientRect();
      return { width: Math.round(box.width), height: Math.round(box.height), color: style.color, background: style.backgroundImage };
    });
    expect(drawn).toMatchObject({ width: 320, height: 320, color: 'rgba(0, 0, 0, 0)' });
    expect(drawn.background).toContain('data:image/svg+xml');
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font.replace(/\s/g, '')).toBe(FONTS.mono.replace(/\s/g, ''));
  });
});

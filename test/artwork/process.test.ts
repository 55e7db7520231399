// The artwork pipeline's pure part: from a source image's bytes to the files served under /art/.
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { artworkId, ArtworkRejected, processArtwork, VARIANT_NAMES, type ProcessedArtwork } from '../../src/artwork/process.js';
import { artworkImage } from '../../src/artwork/urls.js';

const OPTIONS = { maxPixels: 25_000_000 };
const solid = (width: number, height: number, colour: string) => sharp({ create: { width, height, channels: 3, background: colour } });

/** A square in two halves: left `left`, right `right`. */
async function halves(size: number, left: string, right: string): Promise<Sharp> {
  const half = await solid(size / 2, size, right).png().toBuffer();
  return solid(size, size, left).composite([{ input: half, left: size / 2, top: 0 }]);
}

const EXPECTED: Record<string, { format: string; width: number; height: number }> = {
  '160.webp': { format: 'webp', width: 160, height: 160 },
  '320.webp': { format: 'webp', width: 320, height: 320 },
  '640.webp': { format: 'webp', width: 640, height: 640 },
  '320.jpg': { format: 'jpeg', width: 320, height: 320 },
  'og.jpg': { format: 'jpeg', width: 1200, height: 630 },
  'backdrop.webp': { format: 'webp', width: 48, height: 48 },
};

async function expectEveryVariant(artwork: ProcessedArtwork): Promise<void> {
  expect(artwork.variants.map((v) => v.name)).toEqual(VARIANT_NAMES);
  for (const variant of artwork.variants) {
    const meta = await sharp(variant.bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }, variant.name).toEqual(EXPECTED[variant.name]);
    expect(variant.type).toBe(meta.format === 'jpeg' ? 'image/jpeg' : 'image/webp');
  }
}

describe('processArtwork', () => {
  it('makes every file from the kinds of source artwork comes in', async () => {
    const sources: Record<string, Buffer> = {
      'a large JPEG': await (await halves(1600, '#d02040', '#2040d0')).jpeg().toBuffer(),
      'a small, wide PNG with transparency (cut square, not enlarged first)': await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } }).png().toBuffer(),
      'a 16-bit grey PNG': await solid(500, 500, '#808080').grayscale().toColourspace('grey16').png().toBuffer(),
      'a CMYK JPEG': await solid(400, 400, '#336699').toColourspace('cmyk').jpeg().toBuffer(),
      'a GIF': await solid(200, 200, '#00ff00').gif().toBuffer(),
      'a WebP': await solid(700, 700, '#ffcc00').webp().toBuffer(),
    };
    for (const [name, source] of Object.entries(sources)) {
      const artwork = await processArtwork(source, OPTIONS);
      expect(artwork.id, name).toBe(artworkId(source));
      expect(artwork.color, name).toMatch(/^#[0-9a-f]{6}$/);
      await expectEveryVariant(artwork);
    }
  });

  const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#3a1c71"/><rect x="16" width="16" height="32" fill="#ffc371"/><script>alert(1)</script></svg>');

  it("rasterises Duotrack's own SVG (a script in it is never run nor kept) at full resolution", async () => {
    const artwork = await processArtwork(SVG, { ...OPTIONS, svg: true });
    await expectEveryVariant(artwork);
    for (const variant of artwork.variants) expect(variant.bytes.includes('<script')).toBe(false);
    // Drawn at 640 px, not a 32 px raster stretched: the edge between the halves stays sharp.
    const big = artwork.variants.find((v) => v.name === '640.webp')!.bytes;
    const { data } = await sharp(big).extract({ left: 300, top: 320, width: 40, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    const reds = Array.from({ length: 40 }, (_, i) => data[i * 3] as number);
    expect(reds.filter((r) => r > 0x40 && r < 0xf0).length).toBeLessThanOrEqual(4);
  });

  it('refuses an SVG unless it is one of Duotrack\'s own (from a URL: drawing one can hold a core for long)', async () => {
    await expect(processArtwork(SVG, OPTIONS)).rejects.toThrow(ArtworkRejected);
    await expect(processArtwork(SVG, OPTIONS)).rejects.toThrow('an SVG file: Duotrack takes no SVG from a URL (drawing one can take long); give a JPEG, PNG or WebP');
  });

  it('refuses a source whose processing takes longer than the time limit', async () => {
    // sharp stops a pipeline that runs past its .timeout() with "timeout: N% complete"; when that
    // happens is up to libvips' progress ticks (a loaded machine may finish a slow draw between
    // two), so the stop itself is simulated here and what Duotrack makes of it is checked.
    const source = await solid(400, 400, '#1060c0').png().toBuffer();
    const toBuffer = vi.spyOn(sharp.prototype, 'toBuffer').mockRejectedValueOnce(new Error('timeout: 31% complete'));
    try {
      const refusal = await processArtwork(source, { ...OPTIONS, timeoutSeconds: 1 }).catch((err: Error) => err);
      expect(refusal).toBeInstanceOf(ArtworkRejected);
      expect((refusal as Error).message).toBe('processing took longer than 1 s (timeout: 31% complete)');
    } finally {
      toBuffer.mockRestore();
    }
  });

  it('reads the dominant colour', async () => {
    const artwork = await processArtwork(await solid(400, 400, '#1060c0').png().toBuffer(), OPTIONS);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(artwork.color.slice(i, i + 2), 16));
    expect(Math.abs(r! - 0x10) + Math.abs(g! - 0x60) + Math.abs(b! - 0xc0)).toBeLessThan(40);
  });

  it('centres the artwork on the og image, on a darkened blurred copy of itself', async () => {
    const artwork = await processArtwork(await (await halves(800, '#ff0000', '#0000ff')).png().toBuffer(), OPTIONS);
    const og = artwork.variants.find((v) => v.name === 'og.jpg')!.bytes;
    const pixel = async (left: number, top: number) => {
      const { data } = await sharp(og).extract({ left, top, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
      return [data[0], data[1], data[2]] as number[];
    };
    const [artLeft, artRight, backdrop] = [await pixel(400, 315), await pixel(800, 315), await pixel(20, 315)];
    expect(artLeft[0]).toBeGreaterThan(200); // the art's red half, at full strength
    expect(artRight[2]).toBeGreaterThan(200); // its blue half
    expect(backdrop[0]).toBeGreaterThan(60); // the backdrop: red too, darkened
    expect(backdrop[0]).toBeLessThan(artLeft[0]! - 40);
  });

  it.each([
    { name: 'text', source: Buffer.from('hello, not an image'), message: /^not an image/ },
    { name: 'a PDF', source: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), message: /^not an image/ },
    { name: 'a truncated PNG', source: Buffer.from('89504e470d0a1a0a0000000d49484452000001000000010008020000', 'hex'), message: /sharp cannot decode|not an image/ },
  ])('refuses $name', async ({ source, message }) => {
    await expect(processArtwork(source, OPTIONS)).rejects.toThrow(ArtworkRejected);
    await expect(processArtwork(source, OPTIONS)).rejects.toThrow(message);
  });

  it('refuses a source with more pixels than allowed, before decoding it', async () => {
    const source = await solid(2000, 2000, '#000000').png().toBuffer();
    await expect(processArtwork(source, { maxPixels: 1_000_000 })).rejects.toThrow('2000×2000 pixels, more than 1000000');
  });

  it('names an artwork by the hash of its bytes', () => {
    expect(artworkId(Buffer.from('a'))).toBe(artworkId(Buffer.from('a')));
    expect(artworkId(Buffer.from('a'))).not.toBe(artworkId(Buffer.from('b')));
    expect(artworkId(Buffer.from('a'))).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('artworkImage', () => {
  it('is null until the artwork is copied', () => {
    expect(artworkImage({ artwork: null }, 'https://music.label.test')).toBeNull();
  });

  it('gives absolute, immutable URLs under /art/<id>/ on the page origin', () => {
    const image = artworkImage({ artwork: { id: 'abc123', color: '#102030' } }, 'https://music.label.test');
    expect(image).toEqual({
      src: 'https://music.label.test/art/abc123/320.jpg',
      srcset: 'https://music.label.test/art/abc123/160.webp 160w, https://music.label.test/art/abc123/320.webp 320w, https://music.label.test/art/abc123/640.webp 640w',
      sizes: '(max-width: 352px) calc(100vw - 32px), 320px',
      width: 320,
      height: 320,
      og: { url: 'https://music.label.test/art/abc123/og.jpg', width: 1200, height: 630, type: 'image/jpeg' },
      backdrop: 'https://music.label.test/art/abc123/backdrop.webp',
      color: '#102030',
    });
  });
});

// Turns a source image into the files Duotrack serves (/art/<id>/<variant>), with sharp (libvips).
// The source is decoded once, checked (a format sharp reads, a bounded number of pixels), turned
// upright, cut square and flattened onto its dominant colour; every variant is encoded from that.
// An SVG is taken only when the caller says so (Duotrack's own bundled images, e.g. the demo's):
// librsvg may hold a core for long on an SVG with heavy filters, so none is taken from a URL. It is
// only ever rasterised (librsvg runs no script, and a source given as bytes has no base to load
// other files from): the original is never served. Every sharp pipeline has a time limit
// (`timeoutSeconds`): a source that takes longer is refused, never retried.
//
// Formats: WebP for the page's srcset (every browser in use reads it; 25-40 % smaller than JPEG),
// a JPEG fallback for <img src>, and a JPEG og:image (what Facebook, X, WhatsApp, iMessage and
// Slack all render). No AVIF: at libvips' default effort it takes 0.6-2.4 s per size on this class
// of machine for 20-35 % fewer bytes than WebP, and would need a <picture> with a second srcset.
import { createHash } from 'node:crypto';
import type { Metadata, Sharp } from 'sharp';

// sharp (and libvips, some 80 MB of memory) is loaded with the first artwork processed, not by
// every process that starts: most nodes serve pages and never decode an image.
let sharp: typeof import('sharp').default;

/** The side of the square the variants are made from: enough for the 640 px one and the og image. */
const MASTER = 1280;
export const OG = { width: 1200, height: 630 } as const;
/** The artwork's side inside the og image, centred on a blurred, darkened copy of itself. */
const OG_ART = 540;
const WEBP = { quality: 78 } as const;
const JPEG = { quality: 80, mozjpeg: true } as const;

/** Raster formats sharp decodes that an artwork may come in (not PDF, not raw camera files); SVG only when allowed. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
/** How long one sharp pipeline may run, in seconds, unless told otherwise. */
export const TIMEOUT_SECONDS = 10;

interface Master {
  readonly pixels: Buffer;
  readonly raw: { width: number; height: number; channels: 3 };
  /** Every pipeline made from it stops after this many seconds. */
  readonly timeoutSeconds: number;
}

const from = (master: Master): Sharp => sharp(master.pixels, { raw: master.raw }).timeout({ seconds: master.timeoutSeconds });

interface VariantSpec {
  readonly type: string;
  render(master: Master): Promise<Buffer>;
}

/** Every file made of an artwork, by the name it is served under: one declaration. */
export const VARIANTS = {
  '160.webp': { type: 'image/webp', render: (m) => from(m).resize(160, 160).webp(WEBP).toBuffer() },
  '320.webp': { type: 'image/webp', render: (m) => from(m).resize(320, 320).webp(WEBP).toBuffer() },
  '640.webp': { type: 'image/webp', render: (m) => from(m).resize(640, 640).webp(WEBP).toBuffer() },
  '320.jpg': { type: 'image/jpeg', render: (m) => from(m).resize(320, 320).jpeg(JPEG).toBuffer() },
  'og.jpg': { type: 'image/jpeg', render: ogImage },
  // A page backdrop: 48 px, blurred, a kilobyte or so; stretched by CSS it is a soft wash of colour.
  'backdrop.webp': { type: 'image/webp', render: (m) => from(m).resize(48, 48).blur(3).webp({ quality: 60 }).toBuffer() },
} as const satisfies Record<string, VariantSpec>;

export type VariantName = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];
export const SQUARE_WEBP = [160, 320, 640] as const;

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(VARIANTS, name);
}

export interface ProcessedArtwork {
  readonly id: string;
  readonly color: string;
  readonly variants: readonly { readonly name: VariantName; readonly type: string; readonly bytes: Buffer }[];
}

/** The source is not an image Duotrack takes (not an image, an unaccepted format, too many pixels, too long to process): retrying changes nothing. */
export class ArtworkRejected extends Error {}

/** The id of an artwork: the hash of its source's bytes, so one image is stored once. */
export function artworkId(source: Buffer): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 32);
}

export interface ProcessOptions {
  /** Sources with more pixels are refused before they are decoded (a decompression bomb). */
  readonly maxPixels: number;
  /** Rasterise an SVG source. Only for Duotrack's own images: never for one from a URL. Default false. */
  readonly svg?: boolean;
  /** How long each sharp pipeline may run, in whole seconds. Default TIMEOUT_SECONDS. */
  readonly timeoutSeconds?: number;
}

export async function processArtwork(source: Buffer, { maxPixels, svg = false, timeoutSeconds = TIMEOUT_SECONDS }: ProcessOptions): Promise<ProcessedArtwork> {
  sharp ??= (await import('sharp')).default;
  const { master, color } = await decode(source, { maxPixels, svg, timeoutSeconds });
  const variants = [];
  for (const name of VARIANT_NAMES) {
    try {
      variants.push({ name, type: VARIANTS[name].type, bytes: await VARIANTS[name].render(master) });
    } catch (err) {
      throw timedOut(err, timeoutSeconds) ?? err;
    }
  }
  return { id: artworkId(source), color, variants };
}

/** sharp's error when a pipeline ran out of time ("timeout: 31% complete"), as an ArtworkRejected. */
function timedOut(err: unknown, seconds: number): ArtworkRejected | null {
  const message = ((err as Error).message ?? '').split('\n')[0] as string; // then libvips' own line ("VipsImage: killed…")
  return message.startsWith('timeout') ? new ArtworkRejected(`processing took longer than ${seconds} s (${message})`) : null;
}

async function decode(source: Buffer, { maxPixels, svg, timeoutSeconds }: Required<ProcessOptions>): Promise<{ master: Master; color: string }> {
  let meta: Metadata;
  try {
    meta = await sharp(source, { limitInputPixels: false }).metadata(); // the header only: nothing decoded yet
  } catch (err) {
    throw new ArtworkRejected(`not an image (${(err as Error).message})`);
  }
  if (meta.format === 'svg') {
    if (!svg) throw new ArtworkRejected('an SVG file: Duotrack takes no SVG from a URL (drawing one can take long); give a JPEG, PNG or WebP');
  } else if (!ACCEPTED.has(meta.format)) throw new ArtworkRejected(`a ${meta.format} file, not an image format Duotrack takes (JPEG, PNG, WebP, GIF, AVIF, HEIF, TIFF)`);
  const { width = 0, height = 0 } = meta;
  if (width * height > maxPixels) throw new ArtworkRejected(`${width}×${height} pixels, more than ${maxPixels}`);
  // An SVG is drawn at the density that makes its longer side MASTER pixels (72 dpi: its own size).
  const density = meta.format === 'svg' ? Math.min(Math.max((72 * MASTER) / Math.max(width, height, 1), 1), 10_000) : undefined;
  try {
    // Two steps: the dominant colour is read before flattening, for transparent areas to take it.
    const square = await sharp(source, { limitInputPixels: maxPixels, density, failOn: 'error' })
      .timeout({ seconds: timeoutSeconds })
      .rotate()
      .resize(MASTER, MASTER, { fit: 'cover', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { dominant } = await sharp(square.data, { raw: square.info }).stats();
    const side = Math.min(square.info.width, square.info.height); // a small source is not enlarged, only cut square
    const flat = await sharp(square.data, { raw: square.info })
      .timeout({ seconds: timeoutSeconds })
      .resize(side, side, { fit: 'cover' })
      .flatten({ background: dominant })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (flat.info.channels !== 3) throw new Error(`${flat.info.channels} channels after conversion to sRGB`);
    const color = `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    return { master: { pixels: flat.data, raw: { width: side, height: side, channels: 3 }, timeoutSeconds }, color };
  } catch (err) {
    throw timedOut(err, timeoutSeconds) ?? new ArtworkRejected(`an image sharp cannot decode (${(err as Error).message})`);
  }
}

/** 1200×630: the artwork centred on a blurred, darkened copy of itself (the blur is made small, then stretched). */
async function ogImage(master: Master): Promise<Buffer> {
  const small = await from(master).resize(60, 32, { fit: 'cover' }).blur(1.5).raw().toBuffer({ resolveWithObject: true });
  const art = await from(master).resize(OG_ART, OG_ART).png({ compressionLevel: 1 }).toBuffer();
  return sharp(small.data, { raw: small.info })
    .timeout({ seconds: master.timeoutSeconds })
    .resize(OG.width, OG.height)
    .modulate({ brightness: 0.6 })
    .composite([{ input: art, left: (OG.width - OG_ART) / 2, top: (OG.height - OG_ART) / 2 }])
    .jpeg(JPEG)
    .toBuffer();
}

// Where a smartlink page finds its artwork: Duotrack's copy under /art/<id>/ (immutable: the id is
// the source's hash), or null while there is none (the page then shows artworkUrl itself).
import type { Smartlink } from '../links/smartlink.js';
import { OG, SQUARE_WEBP, type VariantName } from './process.js';

export interface ArtworkImage {
  /** The JPEG, for browsers that take no srcset. */
  readonly src: string;
  /** The WebP squares, by width. */
  readonly srcset: string;
  readonly sizes: string;
  readonly width: number;
  readonly height: number;
  readonly og: { readonly url: string; readonly width: typeof OG.width; readonly height: typeof OG.height; readonly type: 'image/jpeg' };
  /** A tiny blurred copy, for a page backdrop. */
  readonly backdrop: string;
  /** The dominant colour, #rrggbb. */
  readonly color: string;
}

/** The path of one of an artwork's files. */
export function artworkPath(id: string, variant: VariantName): string {
  return `/art/${id}/${variant}`;
}

/** `origin`: scheme://host of the page, for absolute URLs (Open Graph wants them). */
export function artworkImage(smartlink: Pick<Smartlink, 'artwork'>, origin: string): ArtworkImage | null {
  if (!smartlink.artwork) return null;
  const { id, color } = smartlink.artwork;
  const url = (variant: VariantName) => origin + artworkPath(id, variant);
  return {
    src: url('320.jpg'),
    srcset: SQUARE_WEBP.map((size) => `${url(`${size}.webp`)} ${size}w`).join(', '),
    // As the page shows it (.art in layout.ts): 320 px wide, or the screen less main's padding.
    sizes: '(max-width: 352px) calc(100vw - 32px), 320px',
    width: 320,
    height: 320,
    og: { url: url('og.jpg'), width: OG.width, height: OG.height, type: 'image/jpeg' },
    backdrop: url('backdrop.webp'),
    color,
  };
}

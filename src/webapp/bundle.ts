// The built web app (vite build → dist/web), read once into memory: index.html and the hashed
// assets, each with its content type, and the brotli/gzip twins the build wrote beside the text
// files (web/build/precompress.ts). A few hundred kilobytes; a new build needs a restart.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentEncoding } from './encoding.js';

/** Where `npm run build` puts the web app: <repo>/dist/web, from src/webapp (tsx) and dist/webapp (built) alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The bytes of a file in one encoding, and their strong validator. */
export interface Representation {
  readonly body: Buffer;
  readonly etag: string;
}

export interface BundleFile {
  readonly type: string;
  /** Vite puts a content hash in every name under assets/: such a file never changes. */
  readonly immutable: boolean;
  /** The file as built (identity), and each precompressed twin the build wrote. */
  readonly encodings: ReadonlyMap<ContentEncoding, Representation>;
}

export interface Bundle {
  readonly index: BundleFile;
  /** Path relative to the root, with forward slashes (assets/index-3fa2c1.js) → file. */
  readonly files: ReadonlyMap<string, BundleFile>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The twins' suffixes, as the build names them. */
const TWINS: readonly (readonly [suffix: string, encoding: ContentEncoding])[] = [
  ['.br', 'br'],
  ['.gz', 'gzip'],
];

/** A strong ETag for one encoding of a file: its content hash, plus the coding (RFC 9110 §8.8.3). */
function representation(identity: Buffer, body: Buffer, encoding: ContentEncoding): Representation {
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return { body, etag: encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding}"` };
}

async function loadFile(path: string, type: string, immutable: boolean): Promise<BundleFile> {
  const identity = await readFile(path);
  const encodings = new Map<ContentEncoding, Representation>([['identity', representation(identity, identity, 'identity')]]);
  for (const [suffix, encoding] of TWINS) {
    const twin = await readFile(path + suffix).catch(() => null);
    if (twin) encodings.set(encoding, representation(identity, twin, encoding));
  }
  return { type, immutable, encodings };
}

/** The bundle under `root`, or null when there is no build there (no index.html). */
export async function loadBundle(root: string): Promise<Bundle | null> {
  const index = await loadFile(join(root, 'index.html'), TYPES['.html'] as string, false).catch(() => null);
  if (!index) return null;
  const files = new Map<string, BundleFile>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(root, path).split(sep).join('/');
    const type = TYPES[extname(name).toLowerCase()];
    // Only known types are served (no source maps, no twins by their own name, no stray files).
    if (!type || name === 'index.html') continue;
    files.set(name, await loadFile(path, type, name.startsWith('assets/')));
  }
  return { index, files };
}

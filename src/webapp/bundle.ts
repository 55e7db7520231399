// The built web app (vite build → dist/web), read once into memory: index.html and the hashed
// assets, each with its content type. A few hundred kilobytes; a new build needs a restart.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the web app: <repo>/dist/web, from src/webapp (tsx) and dist/webapp (built) alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BundleFile {
  readonly body: Buffer;
  readonly type: string;
  /** Vite puts a content hash in every name under assets/: such a file never changes. */
  readonly immutable: boolean;
}

export interface Bundle {
  readonly index: Buffer;
  /** Path relative to the root, with forward slashes (assets/index-3fa2c1.js) → file. */
  readonly files: ReadonlyMap<string, BundleFile>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The bundle under `root`, or null when there is no build there (no index.html). */
export async function loadBundle(root: string): Promise<Bundle | null> {
  const index = await readFile(join(root, 'index.html')).catch(() => null);
  if (!index) return null;
  const files = new Map<string, BundleFile>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(root, path).split(sep).join('/');
    const type = TYPES[extname(name).toLowerCase()];
    if (!type || name === 'index.html') continue; // only known types are served (no source maps, no stray files)
    files.set(name, { body: await readFile(path), type, immutable: name.startsWith('assets/') });
  }
  return { index, files };
}

// A Vite build plugin: after the bundle is written, every compressible file of the output (the
// hashed assets, index.html, the public files) gets a brotli (.br, max quality) and a gzip (.gz,
// level 9) twin, so the server sends compressed bytes without compressing per request
// (src/webapp/bundle.ts loads them, src/webapp/routes.ts picks one by Accept-Encoding).
// A variant that would not be smaller than the original is not written.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text formats; images other than SVG, fonts (woff2) and the like are compressed already. */
export const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.html', '.webmanifest', '.txt']);

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The encodings written, by file suffix. */
export const ENCODERS: Readonly<Record<'.br' | '.gz', (body: Buffer) => Promise<Buffer>>> = {
  '.br': (body) =>
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  '.gz': (body) => gzipped(body, { level: constants.Z_BEST_COMPRESSION }),
};

async function precompressDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && COMPRESSIBLE.has(extname(e.name).toLowerCase())).map((e) => join(e.parentPath, e.name));
  await Promise.all(
    files.map(async (path) => {
      const body = await readFile(path);
      for (const [suffix, encode] of Object.entries(ENCODERS)) {
        const encoded = await encode(body);
        if (encoded.length < body.length) await writeFile(path + suffix, encoded);
      }
    }),
  );
}

export function precompress(): Plugin {
  return {
    name: 'duotrack:precompress',
    apply: 'build',
    // After every file, public/ included, is on disk.
    async writeBundle(options) {
      if (options.dir) await precompressDirectory(options.dir);
    },
  };
}

// Builds the web app (web/ → dist/web) with Vite, once per test run, so browser tests never use a
// stale bundle. Built beside the target and swapped in, so a server reading dist/web never sees a
// half-written build.
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_OUT = join(ROOT, 'dist', 'web');

export async function buildWebApp(): Promise<void> {
  const staging = join(ROOT, 'dist', `.web-build-${process.pid}`);
  const previous = join(ROOT, 'dist', `.web-previous-${process.pid}`);
  // Vitest sets NODE_ENV=test, which Vite would carry into the bundle (React's development build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await rm(previous, { recursive: true, force: true });
  await rename(WEB_OUT, previous).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rename(staging, WEB_OUT);
  await rm(previous, { recursive: true, force: true });
}

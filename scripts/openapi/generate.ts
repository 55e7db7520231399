// The API's OpenAPI document and the TypeScript types generated from it (sdk/openapi.json,
// sdk/src/schema.ts), produced without a running server: the app is built on a throwaway SQLite
// data directory, made ready, and asked for its document.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openContext } from '../../src/context.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPENAPI_TYPESCRIPT = join(ROOT, 'sdk', 'node_modules', '.bin', 'openapi-typescript');

/** Where the committed files live, relative to the repository root. */
export const GENERATED = { document: 'sdk/openapi.json', types: 'sdk/src/schema.ts' } as const;

/** The document as GET /api/openapi.json serves it, pretty-printed, keys in the order the app produces them. */
export async function openApiDocument(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duotrack-openapi-'));
  try {
    // Only what the document needs: nothing from this machine's environment.
    const config = loadConfig({ DATA_DIR: dataDir, SECRET: 'openapi-document', ALERT_INTERVAL_MS: '0', ROLLUP_INTERVAL_MS: '0', PURGE_INTERVAL_MS: '0', DELIVERY_INTERVAL_MS: '0' });
    const ctx = await openContext(config, pino({ level: 'silent' }));
    const app = buildApp(ctx);
    try {
      await app.ready();
      // The swagger plugin lives inside the API's encapsulated plugin: ask the route that serves it.
      const response = await app.inject({ url: '/api/openapi.json' });
      if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}: ${response.body}`);
      return `${JSON.stringify(response.json(), null, 2)}\n`;
    } finally {
      await app.close();
      await ctx.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes the document and its types under `root` (the repository, or a directory to compare with it). */
export async function generateApiFiles(root: string): Promise<void> {
  const documentFile = join(root, GENERATED.document);
  const typesFile = join(root, GENERATED.types);
  mkdirSync(dirname(typesFile), { recursive: true });
  writeFileSync(documentFile, await openApiDocument());
  await promisify(execFile)(OPENAPI_TYPESCRIPT, [documentFile, '--output', typesFile], { cwd: ROOT });
}

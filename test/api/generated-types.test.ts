// The committed OpenAPI document and the types generated from it (the SDK's, the web app's) are
// what the routes produce today: a route or schema change without `npm run api:types` fails here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiFiles, GENERATED } from '../../scripts/openapi/generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('generated API types', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'duotrack-api-types-'));
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('sdk/openapi.json and sdk/src/schema.ts match the routes', async () => {
    await generateApiFiles(fresh);
    for (const file of [GENERATED.document, GENERATED.types]) {
      expect(readFileSync(join(fresh, file), 'utf8'), `${file} is out of date: run npm run api:types`).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });
});

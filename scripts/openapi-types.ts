// `npm run api:types`: regenerates sdk/openapi.json and sdk/src/schema.ts from the API's routes.
// Run it after changing a route or a schema, and commit both files (test/api/generated-types.test.ts
// fails until they match; `tsc -p web/tsconfig.json` then shows what the change breaks in the web app).
import { fileURLToPath } from 'node:url';
import { generateApiFiles, GENERATED } from './openapi/generate.js';

await generateApiFiles(fileURLToPath(new URL('../', import.meta.url)));
console.log(`wrote ${GENERATED.document} and ${GENERATED.types}`);

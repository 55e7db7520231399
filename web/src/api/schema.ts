// The API's types, generated from its OpenAPI document (`npm run api:types` writes sdk/src/schema.ts).
export type { components, paths } from '../../../sdk/src/schema';

// The scenarios run the built server (`dist/`, built by `npm run test:reliability`); PostgreSQL
// scenarios use the shared server when it is reachable, or a throwaway cluster of their own.
import { existsSync } from 'node:fs';
import { PG_URL, postgresReachable } from '../support/postgres.js';

export default async function setup(): Promise<void> {
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npm run test:reliability` (it builds first)');
  const reachable = await postgresReachable();
  process.env.DUOTRACK_TEST_PG = reachable ? '1' : '0';
  if (!reachable) console.warn(`[reliability] PostgreSQL not reachable at ${PG_URL}: the shared-server PostgreSQL runs are SKIPPED.`);
}

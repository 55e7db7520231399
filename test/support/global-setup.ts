// Says loudly, once per run, whether the PostgreSQL half of the suite runs. On CI it must. Builds
// the web app fresh for the browser tests.
import { PG_URL, postgresReachable } from './postgres.js';
import { buildWebApp } from './web-build.js';

export default async function setup(): Promise<void> {
  await buildWebApp();
  const reachable = await postgresReachable();
  process.env.DUOTRACK_TEST_PG = reachable ? '1' : '0';
  if (reachable) {
    console.log(`\n[duotrack] PostgreSQL reachable at ${PG_URL}: database tests run on SQLite AND PostgreSQL.\n`);
  } else if (process.env.CI) {
    throw new Error(`[duotrack] PostgreSQL is not reachable at ${PG_URL}, and CI requires it.`);
  } else {
    console.warn(`\n${'!'.repeat(78)}\n[duotrack] PostgreSQL NOT reachable at ${PG_URL}: PostgreSQL tests are SKIPPED.\nStart it, or set DATABASE_URL_PG.\n${'!'.repeat(78)}\n`);
  }
}

// The databases every integration test runs on: SQLite always, PostgreSQL when reachable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema } from './postgres.js';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  readonly dialect: DialectName;
  readonly url: string;
  /** A private data directory (secret, spool, SQLite file). */
  readonly dataDir: string;
  cleanup(): Promise<void>;
}

/** Dialects to run on. The global setup decided whether PostgreSQL is reachable. */
export const DIALECTS: readonly DialectName[] = process.env.DUOTRACK_TEST_PG === '1' ? ['sqlite', 'postgres'] : ['sqlite'];

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duotrack-test-'));
  if (dialect === 'sqlite') {
    return { dialect, url: `sqlite:${join(dataDir, 'duotrack.db')}`, dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = await createSchema();
  return {
    dialect,
    url: schema.url,
    dataDir,
    cleanup: async () => {
      await schema.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

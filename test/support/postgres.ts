// PostgreSQL for tests: DATABASE_URL_PG, or the local server. Each caller gets its own schema.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.DATABASE_URL_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema; the returned URL selects it. `drop` removes it and everything in it. */
export async function createSchema(url = PG_URL): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const withSchema = new URL(url);
  withSchema.searchParams.set('schema', schema);
  return { url: withSchema.toString(), schema, drop: () => adminQuery(`drop schema if exists ${schema} cascade`) };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

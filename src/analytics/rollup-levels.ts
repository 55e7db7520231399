// A client's rollup rows by time, without an index on (client_id, bucket): such an index holds
// every key column again (on SQLite's WITHOUT ROWID tables, the whole primary key), as many bytes
// as the rows' keys. The primary key (client_id, smartlink_id, dim, bucket, value) reaches them
// instead: one index range per level and dim, the levels found by seeks (a skip scan by hand).
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { ROLLUP_DIMS } from './dimensions.js';
import type { RollupTable } from './rollup-writer.js';

/** The levels (smartlink ids and '*') a client has rows of in a table, each found by one index seek. */
export async function levelsOf(db: Kysely<Schema>, table: RollupTable, clientId: string): Promise<string[]> {
  const levels: string[] = [];
  for (;;) {
    const after = levels[levels.length - 1];
    const next = await db
      .selectFrom(table)
      .select(sql<string | null>`min(smartlink_id)`.as('level'))
      .where('client_id', '=', clientId)
      .$if(after !== undefined, (q) => q.where('smartlink_id', '>', after as string))
      .executeTakeFirst();
    if (next?.level == null) return levels;
    levels.push(next.level);
  }
}

/** A client's rows of a table with `bucket < before`: its key ranges only. */
export async function deleteBefore(db: Kysely<Schema>, table: RollupTable, clientId: string, before: number): Promise<number> {
  const levels = await levelsOf(db, table, clientId);
  if (levels.length === 0) return 0;
  const deleted = await db.deleteFrom(table).where('client_id', '=', clientId).where('smartlink_id', 'in', levels).where('dim', 'in', ROLLUP_DIMS).where('bucket', '<', before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** How many rows of a client `deleteBefore` would delete. */
export async function countBefore(db: Kysely<Schema>, table: RollupTable, clientId: string, before: number): Promise<number> {
  const levels = await levelsOf(db, table, clientId);
  if (levels.length === 0) return 0;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .where('smartlink_id', 'in', levels)
    .where('dim', 'in', ROLLUP_DIMS)
    .where('bucket', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

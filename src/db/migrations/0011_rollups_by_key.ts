// Rollups laid out in their key's order. A report reads one client's level × dimension over a
// range of buckets: consecutive keys, but rows scattered over the table (they are written bucket
// by bucket), so each row cost a page read. SQLite: the table becomes WITHOUT ROWID (the rows live
// in the key's B-tree, which is no longer a second copy). PostgreSQL: the key's index carries the
// counts (INCLUDE), so reports are index-only scans. Measured by bench/dashboards.ts.
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { columns, createRollupTable, includeCounts, ROLLUP_COUNTS as COUNTS, ROLLUP_KEY as KEY } from './rollup-table.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqlite(db, true);
  else await includeCounts(db, 'rollups', 'rollups_pk');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqlite(db, false);
  else await sql`alter table rollups drop constraint rollups_pk, add constraint rollups_pk primary key (${columns(KEY)})`.execute(db);
}

/** SQLite cannot change a table's storage: copy the rows into a new table, swap, re-index. */
async function rebuildSqlite(db: Kysely<unknown>, withoutRowid: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await createRollupTable(trx, 'rollups_new', { primaryKey: 'rollups_pk', withoutRowid });
    const all = columns([...KEY, ...COUNTS]);
    await sql`insert into rollups_new (${all}) select ${all} from rollups order by ${columns(KEY)}`.execute(trx);
    await trx.schema.dropTable('rollups').execute();
    await trx.schema.alterTable('rollups_new').renameTo('rollups').execute();
    await trx.schema.createIndex('rollups_client_bucket').on('rollups').columns(['client_id', 'bucket']).execute();
  });
}

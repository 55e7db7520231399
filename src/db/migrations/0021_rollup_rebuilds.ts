// The rollups change in the transaction that changes the events (src/events/, analytics/rollup-writer.ts):
// the change log `rollup_deltas`, one row per event appended and two per event changed, goes. What
// remains of a fold is the rebuild of a client's rollups after a time zone change, which
// `rollup_rebuilds` tracks by a watermark. A client with deltas not yet folded at this upgrade
// has its rollups rebuilt.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollup_rebuilds')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('after_ts', 'bigint', (c) => c.notNull()) // folded: every event before (after_ts, after_event_id), inclusive
    .addColumn('after_event_id', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into rollup_rebuilds (client_id, after_ts, after_event_id) select distinct client_id, ${sql.lit(Number.MIN_SAFE_INTEGER)}, '' from rollup_deltas`.execute(db);
  await sql`delete from rollups where client_id in (select client_id from rollup_rebuilds)`.execute(db);
  await sql`delete from rollups_daily where client_id in (select client_id from rollup_rebuilds)`.execute(db);
  await db.schema.dropTable('rollup_deltas').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollup_deltas')
    .$call((t) =>
      db.getExecutor().adapter instanceof SqliteAdapter
        ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .execute();
  await db.schema.createIndex('rollup_deltas_event').on('rollup_deltas').column('event_id').execute();
  await db.schema.createIndex('rollup_deltas_client_ts').on('rollup_deltas').columns(['client_id', 'ts']).execute();
  // The old fold rebuilds what was being rebuilt (from scratch: a rebuild may have been half done).
  await sql`delete from rollups where client_id in (select client_id from rollup_rebuilds)`.execute(db);
  await sql`delete from rollups_daily where client_id in (select client_id from rollup_rebuilds)`.execute(db);
  await sql`insert into rollup_deltas (client_id, event_id, ts) select client_id, event_id, ts from events where client_id in (select client_id from rollup_rebuilds)`.execute(db);
  await db.schema.dropTable('rollup_rebuilds').execute();
}

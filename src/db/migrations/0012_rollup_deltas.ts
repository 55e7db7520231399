// The rollups' change log becomes a log of events rather than of hours: the fold adds each new
// event once, instead of recomputing its whole hour from raw events at every fold (which grew
// with the hour's traffic and stalled the server under load). An entry without a snapshot means
// "add this event as stored"; one with a snapshot means "subtract these values" (what the rollups
// hold of an event that was changed or deleted since).
//
// And a second level, `rollups_daily`: the same rows per local day, which reports of whole days
// read (a city breakdown over 30 days reads ~24× fewer rows). Laid out like `rollups` (0011).
// Every client's rollups are rebuilt: all of its events are logged as to add.
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { createRollupTable, includeCounts } from './rollup-table.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('rollup_deltas')
    .$call((t) =>
      sqlite
        ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        : t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull()) // the event's
    .addColumn('snapshot', 'text') // JSON of the values to subtract; null: add the stored event
    .execute();
  await db.schema.createIndex('rollup_deltas_event').on('rollup_deltas').column('event_id').execute();
  await db.schema.createIndex('rollup_deltas_client_ts').on('rollup_deltas').columns(['client_id', 'ts']).execute();

  await createRollupTable(db, 'rollups_daily', { primaryKey: 'rollups_daily_pk', withoutRowid: sqlite });
  if (!sqlite) await includeCounts(db, 'rollups_daily', 'rollups_daily_pk');
  await db.schema.createIndex('rollups_daily_client_bucket').on('rollups_daily').columns(['client_id', 'bucket']).execute();

  await sql`delete from rollups`.execute(db);
  await sql`insert into rollup_deltas (client_id, event_id, ts) select client_id, event_id, ts from events`.execute(db);
  await db.schema.dropTable('rollup_changes').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollup_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .execute();
  // Every hour is recomputed by the old fold.
  await sql`delete from rollups`.execute(db);
  await sql`insert into rollup_changes (id, client_id, hour)
    select distinct client_id || ':' || cast(ts - ts % 3600000 as text), client_id, ts - ts % 3600000 from events`.execute(db);
  await db.schema.dropTable('rollups_daily').execute();
  await db.schema.dropTable('rollup_deltas').execute();
}

// Rollups in fewer bytes, with nothing a report asks for lost. The (client_id, bucket) indexes go:
// on SQLite's WITHOUT ROWID tables each held the whole key again (as many bytes as the rows'
// keys); retention and the purge count reach the rows through the primary key instead
// (analytics/rollup-levels.ts). And a smartlink's hour rows keep only the dims a report reads by
// hour (analytics/dimensions.ts, SMARTLINK_HOURLY_DIMS); its day rows keep every dim.
import { sql, type Kysely } from 'kysely';

// SMARTLINK_HOURLY_DIMS as this migration found it (a migration keeps its own copy: it must not change).
const HOURLY = sql.join(['', 'excluded', 'consent', 'opt_out'].map((d) => sql.lit(d)));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('rollups_client_bucket').ifExists().execute();
  await db.schema.dropIndex('rollups_daily_client_bucket').ifExists().execute();
  await sql`delete from rollups where smartlink_id <> '*' and dim not in (${HOURLY})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('rollups_client_bucket').on('rollups').columns(['client_id', 'bucket']).execute();
  await db.schema.createIndex('rollups_daily_client_bucket').on('rollups_daily').columns(['client_id', 'bucket']).execute();
  // The hour rows dropped come back from the events: every client's rollups are rebuilt.
  await sql`delete from rollups`.execute(db);
  await sql`delete from rollups_daily`.execute(db);
  await sql`delete from rollup_rebuilds`.execute(db);
  await sql`insert into rollup_rebuilds (client_id, after_ts, after_event_id) select id, ${sql.lit(Number.MIN_SAFE_INTEGER)}, '' from clients`.execute(db);
}

// Analytics: each client's reporting time zone, the rollups dashboards read, and the change log
// that tells the rollup folder which hours to recompute.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC')).execute();

  // One row per client × smartlink ("*" for all of the client's) × local hour × dimension value.
  await db.schema
    .createTable('rollups')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('smartlink_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull()) // '' for the totals
    .addColumn('bucket', 'bigint', (c) => c.notNull()) // start of the hour in the client's time zone (epoch ms)
    .addColumn('value', 'text', (c) => c.notNull()) // '' when unknown / none
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('uniques', 'integer', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull())
    .addColumn('revenue', 'double precision', (c) => c.notNull())
    .addColumn('confirmed_views', 'integer', (c) => c.notNull())
    .addColumn('browser_views', 'integer', (c) => c.notNull())
    .addColumn('browser_views_stored', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollups_pk', ['client_id', 'smartlink_id', 'dim', 'bucket', 'value'])
    .execute();
  await db.schema.createIndex('rollups_client_bucket').on('rollups').columns(['client_id', 'bucket']).execute();

  // Appended in the same transaction as every change to events; deleted once folded.
  await db.schema
    .createTable('rollup_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull()) // UTC hour of the changed events (epoch ms)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollup_changes').execute();
  await db.schema.dropTable('rollups').execute();
  await db.schema.alterTable('clients').dropColumn('time_zone').execute();
}

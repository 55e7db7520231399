// Analytics: each client's reporting time zone, the rollups dashboards read, and the change log
// that tells the rollup folder which hours to recompute.
import type { Kysely } from 'kysely';
import { createRollupTable } from './rollup-table.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC')).execute();

  await createRollupTable(db, 'rollups', { primaryKey: 'rollups_pk', withoutRowid: false });
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

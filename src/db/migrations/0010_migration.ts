// Migration from a legacy system (SPEC §11): each client's tracking mode and legacy mirror, and the
// counts imported from the legacy system for reconciliation.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // No row: the client is on `duotrack` with no mirror (every new client).
  await db.schema
    .createTable('client_migrations')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull()) // legacy | dual | duotrack
    .addColumn('previous_mode', 'text') // what a rollback returns to
    .addColumn('switched_at', 'bigint')
    .addColumn('mirror_url', 'text') // the legacy system's webhook
    .addColumn('mirror_secret', 'text') // encrypted (src/tenants/secrets.ts), never returned
    .addColumn('mirror_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('legacy_counts')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('smartlink_id', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull()) // day | hour
    .addColumn('period_start', 'bigint', (c) => c.notNull()) // first instant of the local day or hour
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull())
    .addColumn('uniques', 'integer')
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('legacy_counts_pk', ['client_id', 'granularity', 'period_start', 'smartlink_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('legacy_counts').execute();
  await db.schema.dropTable('client_migrations').execute();
}

// CSP violation reports (src/monitoring/csp-reports.ts): per client, blocked host and ten minutes,
// a count. No URL, no address.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('csp_reports')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('csp_reports_pk', ['client_id', 'host', 'bucket'])
    .execute();
  await db.schema.createIndex('csp_reports_bucket').on('csp_reports').column('bucket').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('csp_reports').execute();
}

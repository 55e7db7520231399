// The audit log: every write through the API or the CLI — who, what, before and after, when.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull()) // "key:<id>", "user:<id>", "cli"
    .addColumn('client_id', 'text') // the tenant the change belongs to (null: installation-wide)
    .addColumn('action', 'text', (c) => c.notNull()) // e.g. "smartlink.update"
    .addColumn('target', 'text') // the id of what changed
    .addColumn('before', 'text') // JSON, null on create
    .addColumn('after', 'text') // JSON, null on delete
    .execute();
  await db.schema.createIndex('audit_log_ts').on('audit_log').column('ts').execute();
  await db.schema.createIndex('audit_log_client_ts').on('audit_log').columns(['client_id', 'ts']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}

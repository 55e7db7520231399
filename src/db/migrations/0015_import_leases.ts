// Legacy import leases (src/migration/import-leases.ts): one row per client whose import runs, held
// by an app node until it ends or `expires_at` passes (a crashed node's lease runs out).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_leases')
    .addColumn('client_key', 'text', (c) => c.primaryKey())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_leases').execute();
}

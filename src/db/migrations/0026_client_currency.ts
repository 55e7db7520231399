// The currency of a client's revenue (ISO 4217, e.g. EUR), next to its value per click; null: none
// named (the dashboards show the bare amount).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('currency', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('currency').execute();
}

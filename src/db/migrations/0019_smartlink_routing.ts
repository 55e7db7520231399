// A smartlink's routing rules (src/links/routing.ts): which services go first for fans on one
// system and/or in some countries. JSON { rules: [{ os?, countries?, first }] }, null for none.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').addColumn('routing', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').dropColumn('routing').execute();
}

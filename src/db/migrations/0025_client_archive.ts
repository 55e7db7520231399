// A client the agency archived (src/tenants/lifecycle.ts): its pages answer 410 and it leaves the
// lists, its data is kept; null while active. Deleting a client needs it archived first.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('archived_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('archived_at').execute();
}

// Server-side forwarding (src/forwarding/): each client's settings for GA4, Meta and TikTok, with
// the platforms' credentials encrypted (AES-256-GCM, src/tenants/secrets.ts). A separate table,
// so the credentials are never read with the client (landing lookups, the API's client JSON).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('client_forwarding')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON StoredForwarding: secrets encrypted
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // the analytics' forwarding counts: per client and destination over a range of creation times
  await db.schema.createIndex('deliveries_client_created').on('deliveries').columns(['client_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_client_created').execute();
  await db.schema.dropTable('client_forwarding').execute();
}

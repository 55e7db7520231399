// The durable delivery queue: what must be sent to another system (ad platforms, a client's
// legacy webhook), one row per (destination, thing), retried until sent or dead-lettered.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${destination}:${key}`: enqueuing twice is a no-op
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull()) // e.g. meta, tiktok, ga4, mirror
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON, as the destination's handler wants it
    .addColumn('state', 'text', (c) => c.notNull()) // pending | sent | dead
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('leased_until', 'bigint') // a worker is sending it until then
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint') // sent or dead
    .execute();
  await db.schema.createIndex('deliveries_due').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_client').on('deliveries').columns(['client_id', 'destination', 'state']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deliveries').execute();
}

// Bounds on the artwork Duotrack copies (src/artwork/): `artwork_failures` keeps the sources given up
// on (one row per smartlink: the URL that failed, why, when, how many times), so that no node
// downloads them again on every sweep or after a restart; `artworks.client_id` says whose save
// stored an image first (the per-client daily cap counts these); `artworks.unused_since` is when
// the cleanup first found no smartlink using it (the files go a grace period later).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('artwork_failures')
    .addColumn('smartlink_id', 'text', (c) => c.primaryKey().references('smartlinks.id').onDelete('cascade'))
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
  // One column per statement: SQLite takes no more.
  await db.schema.alterTable('artworks').addColumn('client_id', 'text').execute();
  await db.schema.alterTable('artworks').addColumn('unused_since', 'bigint').execute();
  await db.schema.createIndex('artworks_client_created').on('artworks').columns(['client_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('artworks_client_created').execute();
  await db.schema.alterTable('artworks').dropColumn('unused_since').execute();
  await db.schema.alterTable('artworks').dropColumn('client_id').execute();
  await db.schema.dropTable('artwork_failures').execute();
}

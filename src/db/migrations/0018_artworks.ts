// Artwork copied and served by Duotrack (src/artwork/): one `artworks` row per distinct source image
// (its id is the hash of the source's bytes), one `artwork_variants` row per encoded size or format,
// the bytes in the database so every node serves the same files. A smartlink's `artwork` is
// { id, color } (JSON) once its artworkUrl was copied, null until then.
import { SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof SqliteAdapter ? 'blob' : 'bytea';
  await db.schema
    .createTable('artworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('artwork_variants')
    .addColumn('artwork_id', 'text', (c) => c.notNull().references('artworks.id').onDelete('cascade'))
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', bytes, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('artwork_variants_pk', ['artwork_id', 'variant'])
    .execute();
  await db.schema.alterTable('smartlinks').addColumn('artwork', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').dropColumn('artwork').execute();
  await db.schema.dropTable('artwork_variants').execute();
  await db.schema.dropTable('artworks').execute();
}

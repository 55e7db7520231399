// The artworks Duotrack copied and their files (tables artworks, artwork_variants): the one module
// that writes them. In the database, so that every node serves the same files.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { ProcessedArtwork } from './process.js';

export interface StoredVariant {
  readonly type: string;
  readonly bytes: Buffer;
}

/** The dominant colour of a stored artwork, or null when it is not stored. */
export async function storedArtworkColor(db: Kysely<Schema>, id: string): Promise<string | null> {
  const row = await db.selectFrom('artworks').select('color').where('id', '=', id).executeTakeFirst();
  return row?.color ?? null;
}

/**
 * Stores an artwork and all its files in one transaction. The same image stored twice (two
 * smartlinks, two nodes at once) stays one set of files: the first one stored wins.
 */
export async function saveArtwork(db: Kysely<Schema>, artwork: ProcessedArtwork, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('artworks')
      .values({ id: artwork.id, color: artwork.color, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return; // stored already
    await trx
      .insertInto('artwork_variants')
      .values(artwork.variants.map((v) => ({ artwork_id: artwork.id, variant: v.name, content_type: v.type, bytes: v.bytes, created_at: now })))
      .execute();
  });
}

export async function readVariant(db: Kysely<Schema>, id: string, variant: string): Promise<StoredVariant | null> {
  const row = await db
    .selectFrom('artwork_variants')
    .select(['content_type', 'bytes'])
    .where('artwork_id', '=', id)
    .where('variant', '=', variant)
    .executeTakeFirst();
  return row ? { type: row.content_type, bytes: row.bytes } : null;
}

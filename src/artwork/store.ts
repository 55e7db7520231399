// The artworks Duotrack copied and their files (tables artworks, artwork_variants): the one module
// that writes them (the cleanup, cleanup.ts, deletes those no smartlink uses). In the database, so
// that every node serves the same files.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { ProcessedArtwork } from './process.js';

export interface StoredVariant {
  readonly type: string;
  readonly bytes: Buffer;
}

/**
 * The dominant colour of a stored artwork about to be used again, or null when it is not stored.
 * Clears its `unused_since`: the cleanup, which deletes only artworks unused for its grace period,
 * then leaves it alone even if it ran between this and the smartlink recording the artwork.
 */
export async function reuseStoredArtwork(db: Kysely<Schema>, id: string): Promise<string | null> {
  const row = await db.updateTable('artworks').set({ unused_since: null }).where('id', '=', id).returning('color').executeTakeFirst();
  return row?.color ?? null;
}

/**
 * Stores an artwork and all its files in one transaction. The same image stored twice (two
 * smartlinks, two nodes at once) stays one set of files: the first one stored wins.
 * `clientId`: whose save stored it (counted by newCopiesSince); null for Duotrack's own images.
 */
export async function saveArtwork(db: Kysely<Schema>, artwork: ProcessedArtwork, clientId: string | null, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('artworks')
      .values({ id: artwork.id, color: artwork.color, created_at: now, client_id: clientId, unused_since: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return; // stored already
    await trx
      .insertInto('artwork_variants')
      .values(artwork.variants.map((v) => ({ artwork_id: artwork.id, variant: v.name, content_type: v.type, bytes: v.bytes, created_at: now })))
      .execute();
  });
}

/** How many artworks a client's saves stored since `since` (epoch ms), and when the first of them was. */
export async function newCopiesSince(db: Kysely<Schema>, clientId: string, since: number): Promise<{ count: number; first: number | null }> {
  const row = await db
    .selectFrom('artworks')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('first')])
    .where('client_id', '=', clientId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), first: row.first === null ? null : Number(row.first) };
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

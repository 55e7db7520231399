// The cleanup of artworks no smartlink uses any more (an artworkUrl changed, a smartlink or a client
// gone, a copy recorded nowhere): it runs with the retention purge (src/privacy/retention.ts), on
// every node, and is safe to run on two at once (each step is idempotent).
//
// Mark, then sweep: a run notes in `unused_since` when it first finds an artwork unused (and clears
// it on one used again); the files go once an artwork has been unused for UNUSED_GRACE_MS. Pages
// reference /art/<id>/ files by immutable URL: a page rendered just before the change, a node's page
// cache, a link preview being fetched, all find the files for a day still. An artwork about to be
// used again has its mark cleared first (store.ts, reuseStoredArtwork), so a run never deletes one
// that a smartlink is about to record.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** How long an artwork stays after the cleanup first finds no smartlink using it. */
export const UNUSED_GRACE_MS = 24 * 3_600_000;

export interface CleanupOptions {
  /** The cleanup's clock, epoch ms. Default Date.now(). */
  readonly now?: number;
  /** Count what would be deleted; change nothing. */
  readonly dryRun?: boolean;
}

/** The ids of the artworks smartlinks use (their `artwork` JSON's id), as a subquery. */
function usedIds(database: Database) {
  // Both forms side by side: the column is JSON text { id, color }.
  const id = database.dialect === 'postgres' ? sql<string>`(artwork::jsonb ->> 'id')` : sql<string>`json_extract(artwork, '$.id')`;
  return database.db.selectFrom('smartlinks').select(id.as('id')).where('artwork', 'is not', null).where(id, 'is not', null);
}

/** Deletes the artworks (and their files) unused for UNUSED_GRACE_MS; returns how many (or would be, in a dry run). */
export async function deleteUnusedArtworks(database: Database, { now = Date.now(), dryRun = false }: CleanupOptions = {}): Promise<number> {
  const db = database.db;
  const cutoff = now - UNUSED_GRACE_MS;
  if (dryRun) {
    const row = await db
      .selectFrom('artworks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('unused_since', '<=', cutoff)
      .where('id', 'not in', usedIds(database))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  await db.updateTable('artworks').set({ unused_since: now }).where('unused_since', 'is', null).where('id', 'not in', usedIds(database)).execute();
  await db.updateTable('artworks').set({ unused_since: null }).where('unused_since', 'is not', null).where('id', 'in', usedIds(database)).execute();
  let deleted = 0;
  for (;;) {
    const batch = await db.selectFrom('artworks').select('id').where('unused_since', '<=', cutoff).where('id', 'not in', usedIds(database)).limit(BATCH).execute();
    if (batch.length === 0) return deleted;
    // Conditions checked again: one may have been reused meanwhile. Its files go with it (ON DELETE CASCADE).
    const result = await db
      .deleteFrom('artworks')
      .where('id', 'in', batch.map((row) => row.id))
      .where('unused_since', '<=', cutoff)
      .where('id', 'not in', usedIds(database))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (batch.length < BATCH) return deleted;
  }
}

/** Artworks deleted per statement: some 100 KB of files each, a short hold on SQLite's one writer. */
const BATCH = 50;

// Which smartlinks still wait for their artwork to be copied, and the sources given up on (table
// artwork_failures, one row per smartlink). A source given up on (not an image Duotrack takes, too
// large, too slow to process, or failing every retry) is recorded with why, so that the sweep of
// every node skips it, after a restart too. A save of the smartlink tries it once more (ingest.ts):
// if that fails again, `attempts` grows; if it works, the record goes. Another artworkUrl is a new
// source: the record of the old one no longer applies.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface AwaitingArtwork {
  readonly id: string;
  readonly clientId: string;
  readonly artworkUrl: string;
  readonly updatedAt: number;
}

/**
 * Smartlinks whose https artworkUrl is neither copied nor given up on, latest change first, `limit`
 * at a time: `after` (the last one of the previous page) gives the next page.
 */
export async function awaitingArtwork(db: Kysely<Schema>, limit: number, after?: Pick<AwaitingArtwork, 'id' | 'updatedAt'>): Promise<AwaitingArtwork[]> {
  let query = db
    .selectFrom('smartlinks as s')
    .select(['s.id', 's.client_id', 's.artwork_url', 's.updated_at'])
    .where('s.artwork', 'is', null)
    .where('s.artwork_url', 'like', 'https://%')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('artwork_failures as f').select('f.smartlink_id').whereRef('f.smartlink_id', '=', 's.id').whereRef('f.source_url', '=', 's.artwork_url'))),
    );
  if (after) {
    query = query.where((eb) => eb.or([eb('s.updated_at', '<', after.updatedAt), eb.and([eb('s.updated_at', '=', after.updatedAt), eb('s.id', '<', after.id)])]));
  }
  const rows = await query.orderBy('s.updated_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, clientId: row.client_id, artworkUrl: row.artwork_url as string, updatedAt: Number(row.updated_at) }));
}

/** Records that a smartlink's artwork source was given up on (once more, if it was already); returns how many times it was. */
export async function recordGivenUp(db: Kysely<Schema>, smartlinkId: string, sourceUrl: string, reason: string, now = Date.now()): Promise<number> {
  const row = await db
    .insertInto('artwork_failures')
    .values({ smartlink_id: smartlinkId, source_url: sourceUrl, reason, failed_at: now, attempts: 1 })
    .onConflict((oc) =>
      oc.column('smartlink_id').doUpdateSet((eb) => ({
        // The same source once more; another one starts again from 1.
        attempts: eb.case().when('artwork_failures.source_url', '=', sourceUrl).then(eb('artwork_failures.attempts', '+', 1)).else(1).end(),
        source_url: sourceUrl,
        reason,
        failed_at: now,
      })),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return Number(row.attempts);
}

/** The smartlink's artwork was copied: nothing is given up on any more. */
export async function forgetGivenUp(db: Kysely<Schema>, smartlinkId: string): Promise<void> {
  await db.deleteFrom('artwork_failures').where('smartlink_id', '=', smartlinkId).execute();
}

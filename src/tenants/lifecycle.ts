// A client's end of life. Archived: its pages answer 410 ("no longer available"), it leaves the
// lists unless asked for, nothing of it is deleted (retention still applies), and it can be
// restored. Deleted (only once archived): the client and everything of it, its events through the
// event store a batch per transaction, then every other row naming it in one last transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { deleteUser } from '../auth/users.js';
import { deleteEventsThen, deleteRows, SMARTLINK_ROWS } from '../links/smartlink-deletion.js';

/** Every table that keeps rows of one client, by the column naming it, in an order the foreign keys allow (events and smartlink rows aside). */
export const CLIENT_ROWS: readonly (readonly [table: string, column: string])[] = [
  ['deliveries', 'client_id'], // forwarding and mirror queue
  ['client_forwarding', 'client_id'], // credentials
  ['client_migrations', 'client_id'], // legacy mirror settings
  ['legacy_counts', 'client_id'],
  ['csp_reports', 'client_id'],
  ['domain_verifications', 'client_id'],
  ['rollups', 'client_id'],
  ['rollups_daily', 'client_id'],
  ['rollup_rebuilds', 'client_id'],
  ['alerts', 'scope'], // its alerts (scope: the client's id)
  ['import_leases', 'client_key'],
  ['api_keys', 'client_id'],
  ['memberships', 'client_id'], // its users' access (deleteClient deletes the accounts it leaves on no client)
  ['invitations', 'client_id'],
  ['smartlinks', 'client_id'],
  ['clients', 'id'],
];

/** Archives (a time) or restores (null) a client. Pass a transaction with the audit entry. */
export async function setArchived(db: Kysely<Schema>, clientId: string, archivedAt: number | null): Promise<void> {
  await db.updateTable('clients').set({ archived_at: archivedAt }).where('id', '=', clientId).execute();
}

/**
 * Deletes an archived client and everything of it; `audit` runs in the final transaction. Returns
 * the number of events deleted. Its users who work for no other client are deleted, as when taken
 * off their last client; the others keep their other clients. Artwork copies it stored first stay
 * for the smartlinks of others that use the same image (the artwork cleanup deletes those no
 * smartlink uses).
 */
export function deleteClient(database: Database, clientId: string, audit: (trx: Kysely<Schema>) => Promise<void>): Promise<number> {
  return deleteEventsThen(database, 'client_id', clientId, async (trx) => {
    await deleteRows(trx, SMARTLINK_ROWS, sql`in (select id from smartlinks where client_id = ${clientId})`);
    await trx.updateTable('artworks').set({ client_id: null }).where('client_id', '=', clientId).execute();
    const members = await trx.selectFrom('memberships').select('user_id').where('client_id', '=', clientId).execute();
    await deleteRows(trx, CLIENT_ROWS, sql`= ${clientId}`);
    for (const { user_id: userId } of members) {
      const elsewhere = await trx.selectFrom('memberships').select('client_id').where('user_id', '=', userId).executeTakeFirst();
      if (!elsewhere) await deleteUser(trx, userId);
    }
    await audit(trx);
  });
}

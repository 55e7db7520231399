// Engine 2: per-smartlink tag overrides, and browser confirmations stored as `client` events that
// name the event they confirm (unique: a second beacon for the same event changes nothing).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').addColumn('tracking', 'text').execute();
  await db.schema.alterTable('events').addColumn('confirms', 'text').execute();
  // Partial: views and clicks (confirms null) add no index entry.
  await db.schema.createIndex('events_confirms').unique().on('events').column('confirms').where(sql.ref('confirms'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_confirms').execute();
  await db.schema.alterTable('events').dropColumn('confirms').execute();
  await db.schema.alterTable('smartlinks').dropColumn('tracking').execute();
}

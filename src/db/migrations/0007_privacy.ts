// Privacy: a fan's opt-out on each event (the event then carries no identifier), and each client's
// fan-facing privacy notice (contact, extra text).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('opt_out', 'text').execute(); // 'cookie' | 'gpc' | null
  await db.schema.alterTable('clients').addColumn('privacy', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.createIndex('events_visitor').on('events').column('visitor_id').execute(); // erasure by visitor
  await db.schema.createIndex('events_session').on('events').column('session_id').execute(); // erasure by session
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_session').execute();
  await db.schema.dropIndex('events_visitor').execute();
  await db.schema.alterTable('clients').dropColumn('privacy').execute();
  await db.schema.alterTable('events').dropColumn('opt_out').execute();
}

// Privacy: a fan's opt-out on each event (the event then carries no identifier), and each client's
// fan-facing privacy notice (contact, extra text). (Erasure by visitor or session finds its events
// through (client, ts): each id carries its day, see src/tracking/visitor.ts.)
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('opt_out', 'text').execute(); // 'cookie' | 'gpc' | null
  await db.schema.alterTable('clients').addColumn('privacy', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('privacy').execute();
  await db.schema.alterTable('events').dropColumn('opt_out').execute();
}

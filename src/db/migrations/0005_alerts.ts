// Alerts: one row per incident of a rule for a scope (a client, or "*" for the installation).
// At most one open incident per rule and scope (partial unique index): with several app nodes
// evaluating the rules, exactly one of them opens, and one resolves, each incident.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull()) // a client id, or "*"
    .addColumn('state', 'text', (c) => c.notNull()) // open | resolved
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'text') // JSON: the measurement behind the alert
    .addColumn('read_at', 'bigint') // when someone marked it read (dashboard notifications)
    .execute();
  await db.schema.createIndex('alerts_one_open').unique().on('alerts').columns(['rule', 'scope']).where(sql.ref('state'), '=', 'open').execute();
  await db.schema.createIndex('alerts_scope_opened').on('alerts').columns(['scope', 'opened_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alerts').execute();
}

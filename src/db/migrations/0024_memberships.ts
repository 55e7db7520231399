// Accounts on several clients, invitations and password resets (src/auth/).
// - memberships: a user's role on each client they work for ('client': reads and writes, 'viewer':
//   reads). Each non-master user's one client and role become their first membership; users.role
//   is then only 'master' or 'member', and users.client_id goes.
// - invitations: an e-mail invited to a client (or as master) with a one-time link; only the
//   SHA-256 of its token is stored; pending until accepted, revoked or expired.
// - password_resets: a one-time link to set a new password, stored the same way.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'client_id'])
    .execute();
  await db.schema.createIndex('memberships_client').on('memberships').column('client_id').execute();
  await sql`insert into memberships (user_id, client_id, role, created_at)
    select id, client_id, role, created_at from users where role <> 'master' and client_id is not null`.execute(db);
  await sql`update users set role = 'member' where role <> 'master'`.execute(db);
  await db.schema.alterTable('users').dropColumn('client_id').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('invitations_client').on('invitations').column('client_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.alterTable('users').addColumn('client_id', 'text', (c) => c.references('clients.id')).execute();
  // Each member keeps their first client (by when they joined it), with its role.
  await sql`update users set
    client_id = (select m.client_id from memberships m where m.user_id = users.id order by m.created_at, m.client_id limit 1),
    role = coalesce((select m.role from memberships m where m.user_id = users.id order by m.created_at, m.client_id limit 1), 'viewer')
    where role = 'member'`.execute(db);
  await db.schema.dropTable('memberships').execute();
}

// The sign-in throttle (src/auth/login-throttle.ts): one row per throttled key — an address, or an
// account at an address — named by an HMAC (no email or IP address is stored), forgotten once it
// expires. It replaces the per-account lockout, whose columns go.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttle_expires').on('login_throttle').column('expires_at').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'bigint').execute();
  await db.schema.dropTable('login_throttle').execute();
}

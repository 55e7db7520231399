// The initial schema, written once with Kysely's schema builder so it compiles for both dialects.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.unique())
    .addColumn('tracking', 'text', (c) => c.notNull())
    .addColumn('branding', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('consent_regions', 'text', (c) => c.notNull())
    .addColumn('conversion_value', 'double precision')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('smartlinks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('artist_name', 'text', (c) => c.notNull())
    .addColumn('track_title', 'text', (c) => c.notNull())
    .addColumn('artwork_url', 'text')
    .addColumn('release_date', 'text')
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('smartlinks_client').on('smartlinks').column('client_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('smartlink_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('ts', 'bigint', (c) => c.notNull())
    // server block
    .addColumn('ip_truncated', 'text')
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('referrer', 'text')
    .addColumn('referrer_host', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('region', 'text')
    .addColumn('city', 'text')
    .addColumn('utm_source', 'text')
    .addColumn('utm_medium', 'text')
    .addColumn('utm_campaign', 'text')
    .addColumn('utm_term', 'text')
    .addColumn('utm_content', 'text')
    // device block
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('os', 'text')
    .addColumn('browser', 'text')
    .addColumn('in_app', 'text')
    // traffic quality
    .addColumn('excluded_reason', 'text')
    .addColumn('excluded_detail', 'text')
    // business block
    .addColumn('visitor_id', 'text')
    .addColumn('session_id', 'text')
    .addColumn('is_unique', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conversion_path', 'text')
    .addColumn('revenue', 'double precision')
    // client block
    .addColumn('client_confirmed_at', 'bigint')
    .addColumn('client_tags', 'text')
    .addColumn('client_consent', 'text')
    .execute();
  await db.schema.createIndex('events_client_ts').on('events').columns(['client_id', 'ts']).execute();
  await db.schema.createIndex('events_smartlink_ts').on('events').columns(['smartlink_id', 'ts']).execute();

  await db.schema
    .createTable('visitor_days')
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('smartlink_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_days_pk', ['visitor_id', 'smartlink_id'])
    .execute();

  await db.schema
    .createTable('salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_keys', 'users', 'salts', 'visitor_days', 'events', 'smartlinks', 'clients']) {
    await db.schema.dropTable(table).execute();
  }
}

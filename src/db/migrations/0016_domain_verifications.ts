// Custom domain verification (src/tenants/domain-verification.ts): one row per client, for the
// domain it last asked to verify. The token proves control of that domain (a DNS TXT record, or an
// HTTP answer); a row whose domain is no longer the client's counts for nothing and is replaced.
// A domain set before verification existed keeps being served: it is recorded as verified
// (method 'grandfathered'), as of this migration.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domain_verifications')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('verified_at', 'bigint')
    .addColumn('method', 'text')
    .addColumn('checked_at', 'bigint')
    .addColumn('failure', 'text')
    .execute();

  const now = Date.now();
  const { rows } = await sql<{ id: string; domain: string }>`select id, domain from clients where domain is not null`.execute(db);
  for (const { id, domain } of rows) {
    await sql`insert into domain_verifications (client_id, domain, token, created_at, verified_at, method, checked_at, failure)
      values (${id}, ${domain}, ${randomBytes(16).toString('hex')}, ${now}, ${now}, 'grandfathered', ${now}, null)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('domain_verifications').execute();
}

// The layout of a rollup table (rollups, rollups_daily), shared by the migrations that create one.
// Not a migration itself: migrate.ts lists those.
import { sql, type Kysely } from 'kysely';

export const ROLLUP_KEY = ['client_id', 'smartlink_id', 'dim', 'bucket', 'value'] as const;
export const ROLLUP_COUNTS = ['views', 'uniques', 'clicks', 'revenue', 'confirmed_views', 'browser_views', 'browser_views_stored'] as const;

/** One row per client × smartlink ("*" for all of the client's) × bucket × dimension value. */
export async function createRollupTable(db: Kysely<unknown>, name: string, { primaryKey, withoutRowid }: { primaryKey: string; withoutRowid: boolean }): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('smartlink_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull()) // '' for the totals
    .addColumn('bucket', 'bigint', (c) => c.notNull()) // start of the hour (or day) in the client's time zone (epoch ms)
    .addColumn('value', 'text', (c) => c.notNull()) // '' when unknown / none
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('uniques', 'integer', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull())
    .addColumn('revenue', 'double precision', (c) => c.notNull())
    .addColumn('confirmed_views', 'integer', (c) => c.notNull())
    .addColumn('browser_views', 'integer', (c) => c.notNull())
    .addColumn('browser_views_stored', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(primaryKey, [...ROLLUP_KEY])
    .$call((t) => (withoutRowid ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

/** PostgreSQL: the key's index carries the counts, so reports are index-only scans. */
export async function includeCounts(db: Kysely<unknown>, table: string, primaryKey: string): Promise<void> {
  await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(primaryKey)}, add constraint ${sql.ref(primaryKey)} primary key (${columns(ROLLUP_KEY)}) include (${columns(ROLLUP_COUNTS)})`.execute(db);
}

export const columns = (names: readonly string[]) => sql.join(names.map((n) => sql.ref(n)));

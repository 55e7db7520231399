// The release's identity in the catalogues (src/catalogue/): the UPC or ISRC and the link a smartlink
// was resolved from, as JSON, so that a rescan can ask again. Null for smartlinks filled by hand.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').addColumn('catalogue', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('smartlinks').dropColumn('catalogue').execute();
}

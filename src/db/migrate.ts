// Applies the migrations in src/db/migrations, in name order, on either dialect.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_engine2.js';
import * as m0003 from './migrations/0003_audit.js';
import * as m0004 from './migrations/0004_sessions.js';
import * as m0005 from './migrations/0005_alerts.js';
import * as m0006 from './migrations/0006_analytics.js';
import * as m0007 from './migrations/0007_privacy.js';
import * as m0008 from './migrations/0008_deliveries.js';
import * as m0009 from './migrations/0009_forwarding.js';
import * as m0010 from './migrations/0010_migration.js';
import * as m0011 from './migrations/0011_rollups_by_key.js';
import * as m0012 from './migrations/0012_rollup_deltas.js';
import * as m0013 from './migrations/0013_login_throttle.js';
import * as m0014 from './migrations/0014_csp_reports.js';
import * as m0015 from './migrations/0015_import_leases.js';
import * as m0016 from './migrations/0016_domain_verifications.js';
import * as m0016a from './migrations/0016a_deliveries_backlog_index.js';
import * as m0017 from './migrations/0017_smartlink_catalogue.js';
import * as m0018 from './migrations/0018_artworks.js';
import * as m0019 from './migrations/0019_smartlink_routing.js';
import * as m0020 from './migrations/0020_artwork_failures.js';
import * as m0021 from './migrations/0021_rollup_rebuilds.js';
import * as m0022 from './migrations/0022_events_partitions.js';
import * as m0023 from './migrations/0023_rollups_compact.js';
import * as m0024 from './migrations/0024_memberships.js';
import * as m0025 from './migrations/0025_client_archive.js';
import * as m0026 from './migrations/0026_client_currency.js';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_engine2': m0002,
  '0003_audit': m0003,
  '0004_sessions': m0004,
  '0005_alerts': m0005,
  '0006_analytics': m0006,
  '0007_privacy': m0007,
  '0008_deliveries': m0008,
  '0009_forwarding': m0009,
  '0010_migration': m0010,
  '0011_rollups_by_key': m0011,
  '0012_rollup_deltas': m0012,
  '0013_login_throttle': m0013,
  '0014_csp_reports': m0014,
  '0015_import_leases': m0015,
  '0016_domain_verifications': m0016,
  '0016a_deliveries_backlog_index': m0016a,
  '0017_smartlink_catalogue': m0017,
  '0018_artworks': m0018,
  '0019_smartlink_routing': m0019,
  '0020_artwork_failures': m0020,
  '0021_rollup_rebuilds': m0021,
  '0022_events_partitions': m0022,
  '0023_rollups_compact': m0023,
  '0024_memberships': m0024,
  '0025_client_archive': m0025,
  '0026_client_currency': m0026,
};

/** The migrator of this database (the CLI and tests may also go down with it). */
export function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Kysely's own tables in our schema: otherwise it may find another schema's and skip creating ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const result: MigrationResultSet = await migrator(database).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

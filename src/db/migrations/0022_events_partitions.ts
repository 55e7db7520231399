// PostgreSQL: `events` becomes a table partitioned by month of `event_id` (src/events/partitions.ts
// says why by id and not by `ts`): a partition for each month its events cover and for the current
// and next months, a default partition for the rest. The rows are copied over, then the indexes are
// built. SQLite: nothing (it has no partitions).
//
// One constraint cannot follow: the unique index on `confirms` (0002), which made a second
// browser confirmation of the same event a conflict that `insert … on conflict do nothing` skips.
// A unique index of a partitioned table must include the partition key, and two confirmations of
// one event have different ids, possibly of different months. So each confirmation claims its
// confirmed id in `event_confirmations` (primary key `confirms`) as it is inserted, by a trigger
// that skips the row when another event holds the claim: the insert then neither stores nor
// returns it, as before. A trigger on delete releases the claim; dropping a partition releases
// its claims itself (dropPartition).
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { addPartitions, DEFAULT_PARTITION, MONTHS_AHEAD, monthOf } from '../../events/partitions.js';

/** The indexes of `events` as 0001 and 0002 left them: this migration rebuilds exactly these. */
const INDEXES = ['events_pkey', 'events_client_ts', 'events_smartlink_ts', 'events_confirms'];
const UUIDV7 = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await expectIndexes(db);
  await sql`alter table events rename to events_unpartitioned`.execute(db);
  await sql`create table events (like events_unpartitioned including all excluding indexes) partition by range (event_id)`.execute(db);
  await sql`create table ${sql.table(DEFAULT_PARTITION)} partition of events default`.execute(db);

  const current = monthOf(Date.now());
  const { rows } = await sql<{ month: number }>`
    select distinct extract(year from t)::int * 12 + extract(month from t)::int - 1 as month
    from (select to_timestamp(('x' || translate(left(event_id, 13), '-', ''))::bit(48)::bigint / 1000.0) at time zone 'UTC' as t
          from events_unpartitioned where event_id ~ ${sql.lit(UUIDV7)}) ids`.execute(db);
  // Months of ids ahead of MONTHS_AHEAD (a node's clock far off) stay in the default partition
  // until ensurePartitions reaches them.
  const dataMonths = rows.map((r) => r.month).filter((m) => m <= current + MONTHS_AHEAD);
  const months = [...new Set([...dataMonths, ...Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => current + i)])].sort((a, b) => a - b);
  await addPartitions(db, months);

  // Indexes built once the rows are in, rather than kept up to date row by row.
  await sql`insert into events select * from events_unpartitioned`.execute(db);
  await sql`drop table events_unpartitioned`.execute(db);
  await sql`alter table events add constraint events_pkey primary key (event_id)`.execute(db);
  await db.schema.createIndex('events_client_ts').on('events').columns(['client_id', 'ts']).execute();
  await db.schema.createIndex('events_smartlink_ts').on('events').columns(['smartlink_id', 'ts']).execute();
  // No longer unique (see above): it finds an event's confirmation.
  await db.schema.createIndex('events_confirms').on('events').column('confirms').where(sql.ref('confirms'), 'is not', null).execute();

  await db.schema
    .createTable('event_confirmations')
    .addColumn('confirms', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull()) // the `client` row that holds the claim
    .execute();
  await sql`insert into event_confirmations (confirms, event_id) select confirms, event_id from events where confirms is not null`.execute(db);
  // Claimed already: a second confirmation, or this one stored already (a replay, which its
  // primary key would skip too). Either way the row is skipped, and the insert does not return it.
  await sql`create function events_claim_confirmation() returns trigger language plpgsql as $$
    begin
      insert into event_confirmations (confirms, event_id) values (new.confirms, new.event_id) on conflict (confirms) do nothing;
      if found then return new; end if;
      return null;
    end $$`.execute(db);
  await sql`create function events_release_confirmation() returns trigger language plpgsql as $$
    begin
      delete from event_confirmations where confirms = old.confirms and event_id = old.event_id;
      return null;
    end $$`.execute(db);
  await sql`create trigger events_claim_confirmation before insert on events for each row when (new.confirms is not null) execute function events_claim_confirmation()`.execute(db);
  await sql`create trigger events_release_confirmation after delete on events for each row when (old.confirms is not null) execute function events_release_confirmation()`.execute(db);
  // Autovacuum never analyses a partitioned table itself.
  await sql`analyze events`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`alter table events rename to events_partitioned`.execute(db);
  await sql`create table events (like events_partitioned including all excluding indexes)`.execute(db);
  await sql`insert into events select * from events_partitioned`.execute(db);
  await sql`drop table events_partitioned`.execute(db); // its partitions and triggers with it
  await sql`drop function events_claim_confirmation`.execute(db);
  await sql`drop function events_release_confirmation`.execute(db);
  await db.schema.dropTable('event_confirmations').execute();
  await sql`alter table events add constraint events_pkey primary key (event_id)`.execute(db);
  await db.schema.createIndex('events_client_ts').on('events').columns(['client_id', 'ts']).execute();
  await db.schema.createIndex('events_smartlink_ts').on('events').columns(['smartlink_id', 'ts']).execute();
  await db.schema.createIndex('events_confirms').unique().on('events').column('confirms').where(sql.ref('confirms'), 'is not', null).execute();
}

/** A later migration that indexes `events` must be run after this one, or be added here. */
async function expectIndexes(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'events'`.execute(db);
  const unknown = rows.map((r) => r.name).filter((name) => !INDEXES.includes(name));
  if (unknown.length > 0) throw new Error(`0022_events_partitions rebuilds the indexes ${INDEXES.join(', ')} of events; it does not know ${unknown.join(', ')}`);
}

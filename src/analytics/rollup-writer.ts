// Writes sums into the rollups. The events module (src/events/) calls `addToRollups` in the
// transaction that adds, changes or deletes events, so the rollups change with the events they
// count, in one commit: no change log, no re-reading. A rebuild (rollup-folder.ts) folds what its
// watermark has not passed yet; events beyond it are left to the rebuild.
//
// Each sum goes to the local hour's row and to the local day's (`rollups_daily`), so a day row is
// always the sum of its hours' rows. Rows left counting nothing are deleted: the rollups are then
// exactly what a rebuild from the raw events writes. On PostgreSQL, rows are written in key order,
// so that concurrent batches (several app nodes) lock the rows they share in the same order.
import { sql, type Kysely } from 'kysely';
import type { Connection } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { RollupsTable, Schema } from '../db/schema.js';
import { ALL_SMARTLINKS, byDay, countEvents, rowsOf, type Contribution } from './aggregate.js';
import { COUNTS, isEmpty } from './counts.js';
import { SMARTLINK_HOURLY_DIMS, type RollupEvent } from './dimensions.js';
import { bucketStart, hourAlignment, localTime, startOfDay } from './time-zone.js';

export type RollupTable = 'rollups' | 'rollups_daily';
export const ROLLUP_TABLES: readonly RollupTable[] = ['rollups', 'rollups_daily'];

/** An event as the rollups count it, with what identifies it. */
export type FoldedEvent = RollupEvent & { readonly event_id: string; readonly client_id: string };

export interface EventContribution {
  readonly event: FoldedEvent;
  readonly sign: 1 | -1;
}

/** pg advisory lock key of "the rollups": a rebuild chunk holds it exclusively, every other writer shared. */
export const FOLD_LOCK = 7_346_001;

const KEY = ['client_id', 'smartlink_id', 'dim', 'bucket', 'value'] as const;
const ROWS_PER_STATEMENT = 400;
const addTo = (table: RollupTable, returning: boolean): InsertMany<RollupsTable> => ({
  table,
  columns: [...KEY, ...COUNTS],
  suffix:
    `on conflict (${KEY.join(', ')}) do update set ${COUNTS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}` +
    (returning ? ` returning ${[...KEY, ...COUNTS].join(', ')}` : ''),
});
const ADD = { rollups: addTo('rollups', false), rollups_daily: addTo('rollups_daily', false) } as const;
const ADD_RETURNING = { rollups: addTo('rollups', true), rollups_daily: addTo('rollups_daily', true) } as const;

/**
 * The rollups' lock, shared, until the transaction ends: no rebuild chunk moves its watermark, and
 * no retention batch empties an hour, between a writer's read and its commit. A transaction that
 * locks event rows takes it first (events/change.ts): taken after them, it would wait for a purge
 * batch that waits for those rows. Reentrant; PostgreSQL only (SQLite runs one writer at a time).
 */
export async function shareFolds(database: Connection, trx: Kysely<Schema>): Promise<void> {
  if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock_shared(${FOLD_LOCK}, hashtext(current_schema()))`.execute(trx);
}

/**
 * Adds each event (+1) or takes it out (-1, as it was) of its client's rollups, except the events a
 * pending rebuild of their client has not reached: it will read them as they then are.
 */
export async function addToRollups(database: Connection, trx: Kysely<Schema>, contributions: readonly EventContribution[]): Promise<void> {
  if (contributions.length === 0) return;
  await shareFolds(database, trx);
  const clientIds = [...new Set(contributions.map((c) => c.event.client_id))].sort();
  const clients = await trx
    .selectFrom('clients as c')
    .leftJoin('rollup_rebuilds as r', 'r.client_id', 'c.id')
    .select(['c.id', 'c.time_zone', 'r.after_ts', 'r.after_event_id'])
    .where('c.id', 'in', clientIds)
    .execute();
  for (const client of clients) {
    const rebuilt = client.after_ts === null ? () => true : (e: FoldedEvent) => passed(e, client.after_ts as number, client.after_event_id as string);
    const own = contributions.filter((c) => c.event.client_id === client.id && rebuilt(c.event));
    await writeSums(database, trx, client.id, client.time_zone, own);
  }
}

/** Whether a rebuild's watermark (ts, event id) has passed an event: the rebuild folds in that order. */
export function passed(e: Pick<FoldedEvent, 'ts' | 'event_id'>, afterTs: number, afterEventId: string): boolean {
  return e.ts < afterTs || (e.ts === afterTs && e.event_id <= afterEventId);
}

/** The sums of these contributions of one client, added to its hour and day rows (or those of `tables`). */
export async function writeSums(
  database: Connection,
  trx: Kysely<Schema>,
  clientId: string,
  timeZone: string,
  contributions: readonly Contribution[],
  tables: readonly RollupTable[] = ROLLUP_TABLES,
): Promise<number> {
  if (contributions.length === 0) return 0;
  const alignment = hourAlignment(timeZone);
  const hours = countEvents((ts) => bucketStart(ts, alignment), contributions);
  const subtracts = contributions.some((c) => c.sign < 0);
  const levels = { rollups: () => rowsOf(clientId, hours).filter(askedByHour), rollups_daily: () => rowsOf(clientId, byDay(hours, dayStarts(timeZone))) };
  let written = 0;
  for (const table of tables) {
    const rows = levels[table]();
    // PostgreSQL: in key order, so that concurrent writers lock shared rows in the same order (SQLite has one writer).
    if (database.dialect === 'postgres') rows.sort(byKey);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      if (!subtracts) {
        await insertMany(trx, database.dialect, ADD[table], chunk);
        continue;
      }
      const after = await insertMany<RollupsTable, RollupsTable>(trx, database.dialect, ADD_RETURNING[table], chunk);
      await deleteRows(trx, table, clientId, after.filter((r) => isEmpty(numbers(r))));
    }
    written += rows.length;
  }
  return written;
}

/** Whether a report may read this row by hour (dimensions.ts, SMARTLINK_HOURLY_DIMS); the day rows hold every row. */
function askedByHour(r: RollupsTable): boolean {
  return r.smartlink_id === ALL_SMARTLINKS || SMARTLINK_HOURLY_DIMS.includes(r.dim);
}

/** The start of the local day holding an hour, remembered per hour. */
export function dayStarts(timeZone: string): (bucket: number) => number {
  const known = new Map<number, number>();
  return (bucket) => {
    let day = known.get(bucket);
    if (day === undefined) known.set(bucket, (day = startOfDay(localTime(bucket, timeZone).date, timeZone)));
    return day;
  };
}

/** Rows that now count nothing (a rebuild would not write them), by key. */
async function deleteRows(trx: Kysely<Schema>, table: RollupTable, clientId: string, rows: readonly RollupsTable[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = rows.map((r) => sql`(${r.smartlink_id}, ${r.dim}, cast(${Number(r.bucket)} as bigint), ${r.value})`);
  await sql`delete from ${sql.table(table)} where client_id = ${clientId} and (smartlink_id, dim, bucket, value) in (values ${sql.join(keys)})`.execute(trx);
}

/** PostgreSQL returns bigint and double columns as they are typed; sums are compared as numbers. */
function numbers(r: RollupsTable): RollupsTable {
  const out = { ...r };
  for (const c of COUNTS) out[c] = Number(r[c]);
  return out;
}

function byKey(a: RollupsTable, b: RollupsTable): number {
  return cmp(a.smartlink_id, b.smartlink_id) || cmp(a.dim, b.dim) || a.bucket - b.bucket || cmp(a.value, b.value);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Imports the legacy system's counts (SPEC §11, phase 1) for reconciliation: CSV or JSON rows of
// client, smartlink slug, local day or hour (in the client's time zone), views, clicks and optional
// uniques. All or nothing: every row is checked as it is read, and one bad row (reported with its
// line and the reason) imports nothing. Re-importing a period replaces what was imported for it
// before. The work is sliced (chunks of rows, a turn of the event loop every few ms) so that pages
// are served during the largest import; on SQLite, whose one connection every page's event waits
// for, the good rows are written by a transaction per chunk of whole periods (on PostgreSQL, in one).
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { LegacyCountsTable, Schema } from '../db/schema.js';
import { isValidDate } from '../analytics/time-zone.js';
import { localPeriods, type LocalPeriods } from './local-periods.js';

/** One row as given (CSV fields are strings; JSON may have numbers). */
export interface RawLegacyRow {
  readonly client?: unknown;
  readonly smartlink?: unknown;
  readonly day?: unknown;
  readonly hour?: unknown;
  readonly views?: unknown;
  readonly clicks?: unknown;
  readonly uniques?: unknown;
}

export interface NumberedRow {
  /** CSV: the line in the file (the header is line 1). JSON: the row's position, from 1. */
  readonly line: number;
  readonly row: RawLegacyRow;
}

export interface RowProblem {
  readonly line: number;
  readonly reason: string;
}

export class InvalidImport extends Error {
  /** `problems`: the first MAX_PROBLEMS of `count`. */
  constructor(
    readonly problems: readonly RowProblem[],
    readonly count = problems.length,
  ) {
    super(`${count} bad row(s): nothing was imported`);
  }
}

export interface ImportSummary {
  readonly rows: number;
  /** Previously imported rows of the same periods, now replaced. */
  readonly replaced: number;
  readonly clients: readonly string[];
}

export const CSV_COLUMNS = ['client', 'smartlink', 'day', 'hour', 'views', 'clicks', 'uniques'] as const;
/** Rows in one import, at most: counted as they are read, the next one refuses the import. */
export const MAX_ROWS = 200_000;
/** One row's text (a CSV record, a JSON row), at most. */
export const MAX_ROW_BYTES = 4096;
/** Problems reported in detail, at most (all are counted). */
export const MAX_PROBLEMS = 1000;
const HOUR = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::00(?::00)?)?$/;
const COUNT = /^\d{1,12}$/;
/** Rows checked, and written, between two turns of the event loop. */
const CHUNK_ROWS = 250;
/** Work done before the import lets other requests in (pages wait no longer than this). */
const SLICE_MS = 5;

const blank = (v: unknown) => v === undefined || v === null || v === '';

function count(value: unknown, name: string, optional: boolean): number | null | string {
  if (blank(value)) return optional ? null : `${name}: missing`;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return COUNT.test(text) ? Number(text) : `${name}: a whole number, 0 or more (got "${String(value)}")`;
}

/** What an import knows while it checks rows: the clients' zones and the smartlinks seen so far. */
interface Lookup {
  readonly clients: ReadonlyMap<string, string>;
  readonly links: Map<string, { id: string; client_id: string } | null>;
  readonly periods: LocalPeriods;
  readonly clientId: string | null;
  readonly sees?: (clientId: string) => boolean;
}

type Checked = Omit<LegacyCountsTable, 'imported_at'>;

/** The row as stored, or why it is refused. */
function checkRow(row: RawLegacyRow, lookup: Lookup): Checked | string {
  const named = blank(row.client) ? null : String(row.client).trim();
  if (named !== null && lookup.clientId && named !== lookup.clientId) return `client "${named}" is not the client of this import (${lookup.clientId})`;
  const clientId = named ?? lookup.clientId;
  if (clientId === null) return 'client: missing (give a client column, or the client of the whole import)';
  const timeZone = lookup.clients.get(clientId);
  if (timeZone === undefined || (lookup.sees && !lookup.sees(clientId))) return `client "${clientId}" not found`;
  const slug = blank(row.smartlink) ? null : String(row.smartlink).trim();
  if (slug === null) return 'smartlink: missing';
  const link = lookup.links.get(slug);
  if (!link || link.client_id !== clientId) return `smartlink "${slug}" not found for client ${clientId}`;
  let granularity: 'day' | 'hour';
  let start: number | null;
  if (!blank(row.day) && !blank(row.hour)) return 'give day or hour, not both';
  if (!blank(row.day)) {
    const day = String(row.day).trim();
    if (!isValidDate(day)) return `day: a date like 2026-11-24 (got "${day}")`;
    granularity = 'day';
    start = lookup.periods.day(day, timeZone);
  } else if (!blank(row.hour)) {
    const text = String(row.hour).trim();
    const m = HOUR.exec(text);
    const hour = m ? Number(m[2]) : NaN;
    if (!m || !isValidDate(m[1] as string) || hour > 23) return `hour: a local hour like 2026-11-24 14:00 (got "${text}")`;
    granularity = 'hour';
    start = lookup.periods.hour(m[1] as string, hour, timeZone);
    if (start === null) return `hour: ${text} does not exist in ${timeZone} (daylight saving)`;
  } else return 'day (or hour): missing';
  const views = count(row.views, 'views', false);
  const clicks = count(row.clicks, 'clicks', false);
  const uniques = count(row.uniques, 'uniques', true);
  const bad = [views, clicks, uniques].find((v): v is string => typeof v === 'string');
  if (bad) return bad;
  if (uniques !== null && (uniques as number) > (views as number)) return `uniques: more than views (${uniques} > ${views})`;
  return { client_id: clientId, smartlink_id: link.id, granularity, period_start: start, views: views as number, clicks: clicks as number, uniques: uniques as number | null };
}

/** Loads the smartlinks of the chunk's slugs not looked up yet. */
async function loadLinks(db: Kysely<Schema>, chunk: readonly NumberedRow[], links: Lookup['links']): Promise<void> {
  // A NUL byte names no smartlink (and PostgreSQL refuses it in a query): such a row is "not found".
  const slugs = [...new Set(chunk.map((r) => (typeof r.row.smartlink === 'string' ? r.row.smartlink.trim() : '')))].filter((s) => s !== '' && !s.includes('\u0000') && !links.has(s));
  if (slugs.length === 0) return;
  for (const slug of slugs) links.set(slug, null);
  for (const l of await db.selectFrom('smartlinks').select(['id', 'slug', 'client_id']).where('slug', 'in', slugs).execute()) links.set(l.slug, l);
}

/** Groups of CHUNK_ROWS (the last one shorter). */
async function* chunksOf<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Resolves at once, or, once SLICE_MS of work went by, after the event loop took its turn. */
function timeSlicer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** The periods' rows in chunks of whole periods, about CHUNK_ROWS rows each, the last one flagged. */
function* periodChunks(periods: Iterable<readonly LegacyCountsTable[]>): Generator<[LegacyCountsTable[], boolean]> {
  let chunk: LegacyCountsTable[] = [];
  for (const rows of periods) {
    if (chunk.length >= CHUNK_ROWS) {
      yield [chunk, false];
      chunk = [];
    }
    chunk.push(...rows);
  }
  yield [chunk, true];
}

/** Replaces the periods of `rows` (whole periods) with them; returns how many rows it deleted. */
async function replacePeriods(trx: Kysely<Schema>, rows: readonly LegacyCountsTable[]): Promise<number> {
  const starts = new Map<string, Set<number>>();
  for (const r of rows) {
    const key = `${r.client_id}|${r.granularity}`;
    starts.set(key, (starts.get(key) ?? new Set()).add(r.period_start));
  }
  let deleted = 0;
  for (const [key, set] of starts) {
    const [client, granularity] = key.split('|') as [string, 'day' | 'hour'];
    const result = await trx.deleteFrom('legacy_counts').where('client_id', '=', client).where('granularity', '=', granularity).where('period_start', 'in', [...set]).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  if (rows.length > 0) await trx.insertInto('legacy_counts').values(rows).execute();
  return deleted;
}

/**
 * Checks every row as it is read (at most MAX_ROWS), then, only when all are good, replaces the
 * periods they cover. `clientId`: the client of rows that name none; a row naming another is
 * refused. `sees`: which clients the importer may import for. The work is done in slices, so
 * pages keep being served during a large import.
 */
export async function importLegacyCounts(
  database: Pick<Database, 'db' | 'dialect'>,
  rows: AsyncIterable<NumberedRow> | Iterable<NumberedRow>,
  options: {
    clientId?: string | null;
    sees?: (clientId: string) => boolean;
    now?: number;
    /** In the import's (last) transaction (the audit entry). */
    onImported?: (trx: Kysely<Schema>, summary: ImportSummary) => Promise<void>;
  } = {},
): Promise<ImportSummary> {
  const db = database.db;
  const now = options.now ?? Date.now();
  const pause = timeSlicer();
  const lookup: Lookup = {
    clients: new Map((await db.selectFrom('clients').select(['id', 'time_zone']).execute()).map((c) => [c.id, c.time_zone])),
    links: new Map(),
    periods: localPeriods(),
    clientId: options.clientId ?? null,
    ...(options.sees ? { sees: options.sees } : {}),
  };

  const problems: RowProblem[] = [];
  let bad = 0;
  let read = 0;
  // The good rows by period (client × granularity × start), built as they are read: a period
  // imported again is replaced whole.
  const periods = new Map<string, LegacyCountsTable[]>();
  const seen = new Map<string, number>();
  const clients = new Set<string>();
  // Short keys (a number per id) keep 200,000 rows' maps small.
  const ids = new Map<string, number>();
  const short = (id: string) => ids.get(id) ?? (ids.set(id, ids.size), ids.size - 1);
  let rowCount = 0;
  for await (const chunk of chunksOf(rows)) {
    read += chunk.length;
    if (read > MAX_ROWS) throw new InvalidImport([{ line: 0, reason: `at most ${MAX_ROWS} rows per import` }]);
    await loadLinks(db, chunk, lookup.links);
    for (const { line, row } of chunk) {
      const checked = checkRow(row, lookup);
      const period = typeof checked === 'string' ? '' : `${short(checked.client_id)}|${checked.granularity}|${checked.period_start}`;
      const key = typeof checked === 'string' ? '' : `${period}|${short(checked.smartlink_id)}`;
      const earlier = seen.get(key);
      const reason = typeof checked === 'string' ? checked : earlier !== undefined ? `same smartlink and ${checked.granularity} as line ${earlier}` : null;
      if (reason !== null) {
        if (++bad <= MAX_PROBLEMS) problems.push({ line, reason });
        continue;
      }
      const good = { ...(checked as Checked), imported_at: now };
      seen.set(key, line);
      const same = periods.get(period);
      if (same) same.push(good);
      else periods.set(period, [good]);
      clients.add(good.client_id);
      rowCount++;
    }
    await pause();
  }
  if (bad > 0) throw new InvalidImport(problems, bad);
  if (read === 0) throw new InvalidImport([{ line: 0, reason: 'no rows to import' }]);
  seen.clear();

  // PostgreSQL: one transaction (the database works while the event loop serves pages).
  // better-sqlite3 works synchronously on the one connection every page's event also waits for:
  // a transaction per chunk of whole periods, so a page waits for one chunk at most.
  let replaced = 0;
  const writeChunk = async (trx: Kysely<Schema>, [chunk, last]: [LegacyCountsTable[], boolean]) => {
    replaced += await replacePeriods(trx, chunk);
    if (last) await options.onImported?.(trx, { rows: rowCount, replaced, clients: [...clients] });
  };
  if (database.dialect === 'postgres') {
    await db.transaction().execute(async (trx) => {
      for (const chunk of periodChunks(periods.values())) await writeChunk(trx, chunk).then(pause);
    });
  } else {
    for (const chunk of periodChunks(periods.values())) await db.transaction().execute((trx) => writeChunk(trx, chunk)).then(pause);
  }
  return { rows: rowCount, replaced, clients: [...clients] };
}

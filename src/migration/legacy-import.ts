// Imports the legacy system's counts (SPEC §11, phase 1) for reconciliation: CSV or JSON rows of
// client, smartlink slug, local day or hour (in the client's time zone), views, clicks and optional
// uniques. All or nothing: every row is checked first, and one bad row (reported with its line and
// the reason) imports nothing. Re-importing a period replaces what was imported for it before.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { LegacyCountsTable, Schema } from '../db/schema.js';
import { isValidDate, localTime, startOfDay } from '../analytics/time-zone.js';

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
  constructor(readonly problems: readonly RowProblem[]) {
    super(`${problems.length} bad row(s): nothing was imported`);
  }
}

export interface ImportSummary {
  readonly rows: number;
  /** Previously imported rows of the same periods, now replaced. */
  readonly replaced: number;
  readonly clients: readonly string[];
}

export const CSV_COLUMNS = ['client', 'smartlink', 'day', 'hour', 'views', 'clicks', 'uniques'] as const;
export const MAX_ROWS = 200_000;
const HOUR = /^(\d{4}-\d{2}-\d{2})[T ](\d{2})(?::00(?::00)?)?$/;
const COUNT = /^\d{1,12}$/;

/** Splits CSV text (RFC 4180 quoting, comma separated, a header row) into numbered rows. */
export function parseCsv(text: string): NumberedRow[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]?.trim() !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') (fields.push(field), (field = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      recordLine = ++line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRecord();
  const [header, ...rows] = records;
  if (!header) throw new InvalidImport([{ line: 1, reason: 'empty file: expected a header row' }]);
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new InvalidImport([{ line: header.line, reason: `unknown column(s) ${unknown.join(', ')}: expected ${CSV_COLUMNS.join(', ')}` }]);
  for (const required of ['smartlink', 'views', 'clicks']) {
    if (!names.includes(required)) throw new InvalidImport([{ line: header.line, reason: `missing column ${required}` }]);
  }
  if (!names.includes('day') && !names.includes('hour')) throw new InvalidImport([{ line: header.line, reason: 'missing column day (or hour)' }]);
  return rows.map((r) => ({
    line: r.line,
    row: Object.fromEntries(names.map((n, i) => [n, r.fields[i]?.trim() ?? ''])) as RawLegacyRow,
  }));
}

/** JSON: an array of rows, or `{ rows: [...] }`. */
export function parseJsonRows(value: unknown): NumberedRow[] {
  const rows = Array.isArray(value) ? value : (value as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new InvalidImport([{ line: 0, reason: 'expected an array of rows, or { "rows": [...] }' }]);
  return rows.map((row, i) => ({ line: i + 1, row: (row !== null && typeof row === 'object' ? row : {}) as RawLegacyRow }));
}

/** Reads a file's text by its look: JSON when it starts with [ or {, CSV otherwise. */
export function parseLegacyFile(text: string): NumberedRow[] {
  const trimmed = text.trimStart().replace(/^\uFEFF/, '');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      throw new InvalidImport([{ line: 0, reason: `not valid JSON: ${(err as Error).message}` }]);
    }
    return parseJsonRows(value);
  }
  return parseCsv(text);
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

function count(value: unknown, name: string, optional: boolean): number | null | string {
  if (blank(value)) return optional ? null : `${name}: missing`;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return COUNT.test(text) ? Number(text) : `${name}: a whole number, 0 or more (got "${String(value)}")`;
}

/** The first instant of local hour `hour` of `date` in the zone; null when the zone skips it. */
function startOfHour(date: string, hour: number, timeZone: string): number | null {
  for (let t = startOfDay(date, timeZone); localTime(t, timeZone).date === date; t += 3_600_000) {
    const local = localTime(t, timeZone);
    if (local.hour === hour) return t;
    if (local.hour > hour) return null;
  }
  return null;
}

/**
 * Checks every row, then (only when all are good) replaces the periods they cover in one
 * transaction. `clientId`: the client of rows that name none; a row naming another is refused.
 * `sees`: which clients the importer may import for.
 */
export async function importLegacyCounts(
  database: Pick<Database, 'db'>,
  rows: readonly NumberedRow[],
  options: {
    clientId?: string | null;
    sees?: (clientId: string) => boolean;
    now?: number;
    /** In the import's transaction (the audit entry). */
    onImported?: (trx: Kysely<Schema>, summary: ImportSummary) => Promise<void>;
  } = {},
): Promise<ImportSummary> {
  const db = database.db;
  const now = options.now ?? Date.now();
  if (rows.length === 0) throw new InvalidImport([{ line: 0, reason: 'no rows to import' }]);
  if (rows.length > MAX_ROWS) throw new InvalidImport([{ line: 0, reason: `at most ${MAX_ROWS} rows per import` }]);
  const clients = new Map((await db.selectFrom('clients').select(['id', 'time_zone']).execute()).map((c) => [c.id, c.time_zone]));
  const slugs = new Set(rows.map((r) => r.row.smartlink).filter((s): s is string => typeof s === 'string' && s !== ''));
  const links = new Map<string, { id: string; client_id: string }>();
  const slugList = [...slugs];
  for (let i = 0; i < slugList.length; i += 500) {
    for (const l of await db.selectFrom('smartlinks').select(['id', 'slug', 'client_id']).where('slug', 'in', slugList.slice(i, i + 500)).execute()) links.set(l.slug, l);
  }

  const problems: RowProblem[] = [];
  const good: LegacyCountsTable[] = [];
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const fail = (reason: string) => problems.push({ line, reason });
    const named = blank(row.client) ? null : String(row.client).trim();
    if (named !== null && options.clientId && named !== options.clientId) {
      fail(`client "${named}" is not the client of this import (${options.clientId})`);
      continue;
    }
    const clientId = named ?? options.clientId ?? null;
    if (clientId === null) {
      fail('client: missing (give a client column, or the client of the whole import)');
      continue;
    }
    const timeZone = clients.get(clientId);
    if (timeZone === undefined || (options.sees && !options.sees(clientId))) {
      fail(`client "${clientId}" not found`);
      continue;
    }
    const slug = blank(row.smartlink) ? null : String(row.smartlink).trim();
    const link = slug === null ? undefined : links.get(slug);
    if (slug === null) {
      fail('smartlink: missing');
      continue;
    }
    if (!link || link.client_id !== clientId) {
      fail(`smartlink "${slug}" not found for client ${clientId}`);
      continue;
    }
    let granularity: 'day' | 'hour';
    let start: number | null;
    if (!blank(row.day) && !blank(row.hour)) {
      fail('give day or hour, not both');
      continue;
    } else if (!blank(row.day)) {
      const day = String(row.day).trim();
      if (!isValidDate(day)) {
        fail(`day: a date like 2026-11-24 (got "${day}")`);
        continue;
      }
      granularity = 'day';
      start = startOfDay(day, timeZone);
    } else if (!blank(row.hour)) {
      const text = String(row.hour).trim();
      const m = HOUR.exec(text);
      const hour = m ? Number(m[2]) : NaN;
      if (!m || !isValidDate(m[1] as string) || hour > 23) {
        fail(`hour: a local hour like 2026-11-24 14:00 (got "${text}")`);
        continue;
      }
      granularity = 'hour';
      start = startOfHour(m[1] as string, hour, timeZone);
      if (start === null) {
        fail(`hour: ${text} does not exist in ${timeZone} (daylight saving)`);
        continue;
      }
    } else {
      fail('day (or hour): missing');
      continue;
    }
    const views = count(row.views, 'views', false);
    const clicks = count(row.clicks, 'clicks', false);
    const uniques = count(row.uniques, 'uniques', true);
    const bad = [views, clicks, uniques].find((v): v is string => typeof v === 'string');
    if (bad) {
      fail(bad);
      continue;
    }
    if (uniques !== null && (uniques as number) > (views as number)) {
      fail(`uniques: more than views (${uniques} > ${views})`);
      continue;
    }
    const key = `${clientId}|${link.id}|${granularity}|${start}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      fail(`same smartlink and ${granularity} as line ${earlier}`);
      continue;
    }
    seen.set(key, line);
    good.push({ client_id: clientId, smartlink_id: link.id, granularity, period_start: start, views: views as number, clicks: clicks as number, uniques: uniques as number | null, imported_at: now });
  }
  if (problems.length > 0) throw new InvalidImport(problems);

  // Each period the file covers (client × granularity × start) is replaced whole.
  const periods = new Map<string, { client: string; granularity: 'day' | 'hour'; starts: number[] }>();
  for (const r of good) {
    const k = `${r.client_id}|${r.granularity}`;
    let p = periods.get(k);
    if (!p) periods.set(k, (p = { client: r.client_id, granularity: r.granularity, starts: [] }));
    if (!p.starts.includes(r.period_start)) p.starts.push(r.period_start);
  }
  const summary = await db.transaction().execute(async (trx: Kysely<Schema>) => {
    let deleted = 0;
    for (const p of periods.values()) {
      for (let i = 0; i < p.starts.length; i += 500) {
        const result = await trx
          .deleteFrom('legacy_counts')
          .where('client_id', '=', p.client)
          .where('granularity', '=', p.granularity)
          .where('period_start', 'in', p.starts.slice(i, i + 500))
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
    }
    for (let i = 0; i < good.length; i += 500) await trx.insertInto('legacy_counts').values(good.slice(i, i + 500)).execute();
    const summary: ImportSummary = { rows: good.length, replaced: deleted, clients: [...new Set(good.map((r) => r.client_id))] };
    await options.onImported?.(trx, summary);
    return summary;
  });
  return summary;
}

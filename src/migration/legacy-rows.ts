// The rows of a legacy import, read as the file or request body arrives (never held whole): CSV
// (RFC 4180, a header row) or JSON (see json-rows.ts), numbered for `line N: reason` errors.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Info } from 'csv-parse';
import { jsonRows } from './json-rows.js';
import { CSV_COLUMNS, InvalidImport, MAX_ROW_BYTES, type NumberedRow, type RawLegacyRow } from './legacy-import.js';

export type LegacyFormat = 'csv' | 'json';

/** The rows of `source`; without a format, JSON when the text starts with [ or {, CSV otherwise. */
export async function* legacyRows(source: AsyncIterable<Buffer | string>, format?: LegacyFormat): AsyncGenerator<NumberedRow> {
  const text = decoded(source);
  if (format === 'csv') return yield* csvRows(text);
  if (format === 'json') return yield* jsonRows(text, csvRows);
  const first = await firstText(text);
  const rest = prepend(first, text);
  yield* /^[\s\uFEFF]*[[{]/.test(first) ? jsonRows(rest, csvRows) : csvRows(rest);
}

/** CSV rows; the header names the columns (any order, any case). */
export async function* csvRows(text: AsyncIterable<string>): AsyncGenerator<NumberedRow> {
  const parser = parse({ bom: true, info: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_ROW_BYTES });
  // The consumer may stop early (a row limit): the parser is then destroyed, which ends the feed
  // (its errors reach the consumer through the parser).
  void pipeline(Readable.from(text), parser).catch(() => undefined);
  let names: string[] | null = null;
  let previous = { lines: 0, empty_lines: 0 };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // info.lines is where the record ends: it starts after the previous one and the empty lines between.
      const line = previous.lines + 1 + info.empty_lines - previous.empty_lines;
      previous = info;
      if (record.length === 1 && record[0]?.trim() === '') continue;
      if (names === null) names = header(record, line);
      else yield { line, row: Object.fromEntries((names as string[]).map((n, i) => [n, record[i]?.trim() ?? ''])) as RawLegacyRow };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new InvalidImport([{ line: typeof err.lines === 'number' ? err.lines : 0, reason: err.message }]);
    throw err;
  } finally {
    parser.destroy();
  }
  if (names === null) throw new InvalidImport([{ line: 1, reason: 'empty file: expected a header row' }]);
}

function header(record: readonly string[], line: number): string[] {
  const names = record.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new InvalidImport([{ line, reason: `unknown column(s) ${unknown.join(', ')}: expected ${CSV_COLUMNS.join(', ')}` }]);
  for (const required of ['smartlink', 'views', 'clicks']) {
    if (!names.includes(required)) throw new InvalidImport([{ line, reason: `missing column ${required}` }]);
  }
  if (!names.includes('day') && !names.includes('hour')) throw new InvalidImport([{ line, reason: 'missing column day (or hour)' }]);
  return names;
}

/** UTF-8 text, a character split between chunks kept whole. */
async function* decoded(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** The text up to its first character that is not white space (or all of it). */
async function firstText(text: AsyncIterator<string> & AsyncIterable<string>): Promise<string> {
  let first = '';
  for (let next = await text.next(); !next.done; next = await text.next()) {
    first += next.value;
    if (/[^\s\uFEFF]/.test(first)) break;
  }
  return first;
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (first !== '') yield first;
  yield* rest;
}

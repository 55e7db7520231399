// The rows of a JSON import, read as the text arrives, never held whole: `[row, …]`,
// `{"rows": [row, …]}`, or `{"csv": "…"}` (whose text goes on to the CSV reader, decoded piece by
// piece). Each row is parsed on its own and may be at most MAX_ROW_BYTES long; other members of
// the object are skipped without being kept.
import { InvalidImport, MAX_ROW_BYTES, type NumberedRow, type RawLegacyRow } from './legacy-import.js';

type Part = { readonly kind: 'row'; readonly text: string } | { readonly kind: 'csv'; readonly text: string };

const SHAPE = 'expected an array of rows, or { "rows": [...] }';
/** Longer keys are none we read (rows, csv): they are not kept. */
const MAX_KEY = 100;
const invalid = (line: number, reason: string) => new InvalidImport([{ line, reason }]);

/** Reads JSON rows; a `csv` member is handed to `csvRows` (its text, as it is decoded). */
export async function* jsonRows(text: AsyncIterable<string>, csvRows: (text: AsyncIterable<string>) => AsyncIterable<NumberedRow>): AsyncGenerator<NumberedRow> {
  const scanner = new Scanner();
  const parts = scan(text, scanner);
  let line = 0;
  for await (const part of parts) {
    if (part.kind === 'csv') {
      yield* csvRows(csvText(part.text, parts));
      return;
    }
    line++;
    yield { line, row: parseRow(part.text, line) };
  }
}

async function* scan(text: AsyncIterable<string>, scanner: Scanner): AsyncGenerator<Part> {
  for await (const chunk of text) yield* scanner.push(chunk);
  yield* scanner.end();
}

async function* csvText(first: string, rest: AsyncIterable<Part>): AsyncGenerator<string> {
  yield first;
  for await (const part of rest) yield part.text;
}

function parseRow(text: string, line: number): RawLegacyRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(line, `not valid JSON: ${(err as Error).message}`);
  }
  return (value !== null && typeof value === 'object' ? value : {}) as RawLegacyRow;
}

/**
 * A structural scanner: it tracks strings and nesting, captures the text of each element of the
 * rows array (and the `csv` string), and skips everything else. Each row's text is checked by
 * JSON.parse; the rest of the grammar is checked here as far as the shape goes.
 */
class Scanner {
  private readonly stack: string[] = [];
  private started = false;
  private inString = false;
  /** Characters left in the current escape (\x, \uXXXX). */
  private escapeLeft = 0;
  /** The depth whose elements are rows: 1 for `[…]`, 2 for `{"rows": […]}`. */
  private rowsDepth = 0;
  private rowsClosed = false;
  private row = '';
  private rowsSeen = 0;
  private separatorPending = false;
  /** In the top-level object: what comes next, and the key just read. */
  private expect: 'key' | 'value' = 'key';
  private key: string | null = null;
  private capture: 'key' | 'csv' | null = null;
  private captured = '';
  private heldSurrogate = '';
  private csvSeen = false;

  *push(text: string): Generator<Part> {
    for (const ch of text) {
      if (this.inString) {
        yield* this.inStringChar(ch);
        continue;
      }
      if (this.inRow()) {
        yield* this.rowChar(ch);
        continue;
      }
      yield* this.structureChar(ch);
    }
    if (this.capture === 'csv' && this.escapeLeft === 0) yield* this.flushCsv(false);
  }

  *end(): Generator<Part> {
    if (!this.started) throw invalid(0, 'no rows to import');
    if (this.inString || this.stack.length > 0) throw invalid(this.rowsSeen + 1, 'not valid JSON: the text ends in the middle of a value');
    if (!this.csvSeen && !this.rowsClosed) throw invalid(0, SHAPE);
    yield* [];
  }

  /** Inside the rows array, at or below an element. */
  private inRow(): boolean {
    return this.rowsDepth > 0 && !this.rowsClosed && this.stack.length >= this.rowsDepth;
  }

  private *inStringChar(ch: string): Generator<Part> {
    const closing = this.escapeLeft === 0 && ch === '"';
    if (this.escapeLeft > 0) this.escapeLeft = this.escapeLeft === 1 && ch === 'u' ? 4 : this.escapeLeft - 1;
    else if (ch === '\\') this.escapeLeft = 1;
    else if (closing) this.inString = false;
    if (this.inRow()) this.appendRow(ch);
    else if (closing) yield* this.endCapture();
    else if (this.capture === 'csv' || (this.capture === 'key' && this.captured.length <= MAX_KEY)) this.captured += ch;
  }

  private *rowChar(ch: string): Generator<Part> {
    const depth = this.stack.length;
    if (depth === this.rowsDepth && (ch === ',' || ch === ']')) {
      const text = this.row.trim();
      this.row = '';
      if (text !== '') {
        this.rowsSeen++;
        yield { kind: 'row', text };
      } else if (ch === ',' || this.separatorPending) throw invalid(this.rowsSeen + 1, 'not valid JSON: a row is missing between commas');
      this.separatorPending = ch === ',';
      if (ch === ']') {
        this.stack.pop();
        this.rowsClosed = true;
      }
      return;
    }
    if (ch === '"') this.inString = true;
    else if (ch === '{' || ch === '[') this.stack.push(ch);
    else if (ch === '}' || ch === ']') this.stack.pop();
    this.appendRow(ch);
  }

  private appendRow(ch: string): void {
    this.row += ch;
    if (this.row.length > MAX_ROW_BYTES) throw invalid(this.rowsSeen + 1, `a row longer than ${MAX_ROW_BYTES} characters`);
  }

  private *structureChar(ch: string): Generator<Part> {
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\uFEFF') return;
    const topObject = this.stack.length === 1 && this.stack[0] === '{';
    if (!this.started) {
      if (ch !== '[' && ch !== '{') throw invalid(0, `not valid JSON: ${SHAPE}`);
      this.started = true;
      this.stack.push(ch);
      if (ch === '[') this.rowsDepth = 1;
      return;
    }
    if (this.stack.length === 0) throw invalid(0, 'not valid JSON: text after the end');
    if (topObject && ch === '"') {
      this.inString = true;
      const csv = this.expect === 'value' && this.key === 'csv' && !this.csvSeen && this.rowsDepth === 0;
      this.capture = this.expect === 'key' ? 'key' : csv ? 'csv' : null;
      this.captured = '';
      this.csvSeen ||= csv;
      return;
    }
    if (topObject && ch === ':') this.expect = 'value';
    else if (topObject && ch === ',') this.expect = 'key';
    else if (topObject && ch === '[' && this.expect === 'value' && this.key === 'rows' && !this.csvSeen && this.rowsDepth === 0) {
      this.stack.push(ch);
      this.rowsDepth = 2;
    } else if (ch === '"') this.inString = true;
    else if (ch === '{' || ch === '[') this.stack.push(ch);
    else if (ch === '}' || ch === ']') {
      if (this.stack.pop() !== (ch === '}' ? '{' : '[')) throw invalid(0, 'not valid JSON: mismatched brackets');
    }
  }

  private *endCapture(): Generator<Part> {
    if (this.capture === 'key') this.key = this.captured.length > MAX_KEY ? null : decode(this.captured);
    else if (this.capture === 'csv') yield* this.flushCsv(true);
    this.capture = null;
    this.captured = '';
  }

  /** Decodes the csv text read so far (a high surrogate waits for its pair). */
  private *flushCsv(last: boolean): Generator<Part> {
    let text = this.heldSurrogate + decode(this.captured);
    this.captured = '';
    this.heldSurrogate = '';
    const code = text.charCodeAt(text.length - 1);
    if (!last && code >= 0xd800 && code <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text !== '') yield { kind: 'csv', text };
  }
}

function decode(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch (err) {
    throw invalid(0, `not valid JSON: ${(err as Error).message}`);
  }
}

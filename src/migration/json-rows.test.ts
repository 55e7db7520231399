// The streaming JSON reader of legacy imports: whatever the chunks the text arrives in, it yields
// exactly the rows JSON.parse finds, numbered from 1, in each accepted shape; and it refuses what
// is not one of them with a line and a reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonRows } from './json-rows.js';
import { InvalidImport, MAX_ROW_BYTES, type NumberedRow } from './legacy-import.js';

/** The text cut at the given offsets (code points, so a chunk never splits a surrogate pair). */
async function* chunks(text: string, cuts: readonly number[]): AsyncGenerator<string> {
  const chars = Array.from(text);
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (chars.length + 1)))].sort((a, b) => a - b)) {
    yield chars.slice(at, cut).join('');
    at = cut;
  }
  yield chars.slice(at).join('');
}

/** The CSV reader stands in as "the text it is given", one row holding it all. */
async function* csvText(text: AsyncIterable<string>): AsyncGenerator<NumberedRow> {
  let all = '';
  for await (const piece of text) all += piece;
  yield { line: 1, row: { smartlink: all } };
}

async function read(text: string, cuts: readonly number[] = []): Promise<NumberedRow[]> {
  const rows: NumberedRow[] = [];
  for await (const row of jsonRows(chunks(text, cuts), csvText)) rows.push(row);
  return rows;
}

async function refusal(text: string): Promise<{ line: number; reason: string }> {
  try {
    await read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidImport);
    return (err as InvalidImport).problems[0]!;
  }
  throw new Error(`accepted: ${text}`);
}

const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.string({ unit: 'binary', maxLength: 8 }));
const row = fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), value, { maxKeys: 2 })), { maxKeys: 5 });
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('jsonRows', () => {
  it('reads an array of rows, in any chunks, as JSON.parse does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), cuts, fc.constantFrom(0, 2), async (rows, at, indent) => {
        const read_ = await read(JSON.stringify(rows, null, indent), at);
        expect(read_).toEqual(rows.map((r, i) => ({ line: i + 1, row: r })));
      }),
      { numRuns: 300 },
    );
  });

  it('reads { "rows": [...] } with other members before and after, in any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 6 }), row, row, cuts, async (rows, before, after, at) => {
        const text = `{"meta":${JSON.stringify(before)},"rows":${JSON.stringify(rows)},"other":${JSON.stringify(after)}}`;
        expect((await read(text, at)).map((r) => r.row)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('hands the text of { "csv": "..." } to the CSV reader, decoded, in any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), cuts, async (csv, at) => {
        expect(await read(JSON.stringify({ csv }), at)).toEqual([{ line: 1, row: { smartlink: csv } }]);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    { name: 'nothing', text: '   ', reason: 'no rows to import' },
    { name: 'a bare value', text: '42', reason: 'not valid JSON' },
    { name: 'an object without rows or csv', text: '{"data":[]}', reason: 'expected an array of rows' },
    { name: 'text cut in the middle', text: '[{"smartlink":"a"},{"smart', reason: 'ends in the middle of a value' },
    { name: 'text after the end', text: '[] x', reason: 'text after the end' },
    { name: 'two commas in a row', text: '[{"a":1},,{"a":2}]', reason: 'a row is missing between commas' },
    { name: 'a row that is not JSON', text: '[{"a":1},{a:2}]', reason: 'not valid JSON' },
    { name: 'mismatched brackets', text: '{"rows":[]]', reason: 'mismatched brackets' },
    { name: 'a row over the size limit', text: `[{"a":"${'x'.repeat(MAX_ROW_BYTES)}"}]`, reason: `longer than ${MAX_ROW_BYTES}` },
  ])('refuses $name', async ({ text, reason }) => {
    expect((await refusal(text)).reason).toContain(reason);
  });

  it('numbers a bad row by its position', async () => {
    expect(await refusal('[{"a":1},{"a":2},{"a":3,}]')).toMatchObject({ line: 3 });
  });
});

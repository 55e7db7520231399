// Multi-row INSERT for the hot path. Kysely's builder costs a compile per batch (thousands of
// value nodes); here the SQL text is built once per (table, columns, row count, dialect) and
// cached, and only the parameters change. Identifiers come from code, never from input.
import { CompiledQuery, type Kysely } from 'kysely';
import type { Dialect } from './database.js';
import type { Schema } from './schema.js';

const texts = new Map<string, string>();

export interface InsertMany<Row> {
  readonly table: string;
  readonly columns: readonly (keyof Row & string)[];
  /** e.g. "on conflict (event_id) do nothing", with an optional "returning …". */
  readonly suffix: string;
}

export async function insertMany<Row, Out = unknown>(
  db: Kysely<Schema>,
  dialect: Dialect,
  spec: InsertMany<Row>,
  rows: readonly Row[],
): Promise<Out[]> {
  if (rows.length === 0) return [];
  const key = `${dialect}|${spec.table}|${spec.columns.length}|${rows.length}|${spec.suffix}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = sqlText(dialect, spec, rows.length);
    if (texts.size > 2000) texts.clear();
    texts.set(key, text);
  }
  const params: unknown[] = new Array(rows.length * spec.columns.length);
  let i = 0;
  for (const row of rows) for (const column of spec.columns) params[i++] = row[column] ?? null;
  const result = await db.executeQuery<Out>(CompiledQuery.raw(text, params));
  return result.rows;
}

function sqlText(dialect: Dialect, spec: { readonly table: string; readonly columns: readonly string[]; readonly suffix: string }, rowCount: number): string {
  const width = spec.columns.length;
  let n = 0;
  const placeholder = dialect === 'postgres' ? () => `$${++n}` : () => '?';
  const tuples = Array.from({ length: rowCount }, () => `(${Array.from({ length: width }, placeholder).join(',')})`);
  return `insert into ${spec.table} (${spec.columns.join(',')}) values ${tuples.join(',')} ${spec.suffix}`;
}

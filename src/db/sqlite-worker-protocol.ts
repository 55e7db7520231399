// The messages between the SQLite worker thread (sqlite-worker.js) and its client
// (sqlite-worker-client.ts): one request, one reply, matched by id. Values cross by structured
// clone: bigints stay bigints, a Buffer arrives as a plain Uint8Array, an Error loses its `code`
// (so errors cross as WireError).
export type Request =
  | { readonly kind: 'open'; readonly id: number; readonly path: string }
  | { readonly kind: 'query'; readonly id: number; readonly sql: string; readonly parameters: readonly unknown[] }
  /** Runs one of sqlite-procedures.ts beside the database: its statements cross no thread. */
  | { readonly kind: 'call'; readonly id: number; readonly procedure: string; readonly args: readonly unknown[] }
  | { readonly kind: 'close'; readonly id: number };

/** What a request resolves to: a query's result (as Kysely's SqliteDriver gives it), a procedure's; null for open and close. */
export type ReplyValue = unknown;

export type Reply = { readonly id: number; readonly value: ReplyValue } | { readonly id: number; readonly error: WireError };

/** An error thrown in the worker: better-sqlite3's SqliteError ('SqliteError', 'SQLITE_BUSY', …) or another (a TypeError for a value it cannot bind). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

// Starts the SQLite worker thread (sqlite-worker.js) and talks to it: a request is one message
// each way, matched by id.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { QueryResult } from 'kysely';
import type { Reply, ReplyValue, Request, WireError } from './sqlite-worker-protocol.js';

export interface SqliteWorker {
  /** Runs one statement. Rejects with an Error carrying better-sqlite3's name and `code` ('SQLITE_BUSY', …). */
  query(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>>;
  /** Runs a procedure of sqlite-procedures.ts in the thread, and resolves to what it returns (cloned). */
  call(procedure: string, args: readonly unknown[]): Promise<unknown>;
  /** Closes the database (the WAL is checkpointed into its file), then stops the thread. */
  close(): Promise<void>;
}

/** How long close() waits for the thread to end by itself before stopping it. */
const EXIT_WAIT_MS = 1_000;

/** A request before the client numbers it. */
type Unsent<R = Request> = R extends Request ? Omit<R, 'id'> : never;

/** Opens the SQLite database at `path` (or ':memory:') in a new worker thread. */
export async function startSqliteWorker(path: string): Promise<SqliteWorker> {
  // sqlite-worker.js is plain JavaScript: it runs as it is from src/ (Vitest, tsx) and from dist/.
  // It needs none of the process's flags (which may not apply to a worker: --input-type, say),
  // but --cpu-prof: a profile of the server then has the SQLite thread's beside the main one's.
  const execArgv = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
  const worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), { execArgv });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  let stopped: Error | null = null;

  worker.on('message', (reply: Reply) => {
    const answer = waiting.get(reply.id);
    waiting.delete(reply.id);
    // Idle, the thread must not keep the process alive (a command that ends without close()); busy, it must.
    if (waiting.size === 0) worker.unref();
    answer?.(reply);
  });
  worker.on('error', stop); // an error the thread did not catch (loading it, say): it exits next
  worker.on('exit', (code) => stop(new Error(`the SQLite worker thread exited (code ${code})`)));

  function stop(err: Error): void {
    stopped ??= err;
    for (const answer of waiting.values()) answer(refusal(stopped));
    waiting.clear();
  }

  function send(request: Unsent): Promise<Reply> {
    if (stopped) return Promise.resolve(refusal(stopped));
    const id = nextId++;
    worker.postMessage({ ...request, id }); // first: a value it cannot clone throws here, nothing waits
    if (waiting.size === 0) worker.ref();
    return new Promise((resolve) => waiting.set(id, resolve));
  }

  // The Error is made here, after the await, so that its stack shows who ran the query.
  async function call(request: Unsent): Promise<ReplyValue> {
    const reply = await send(request);
    if ('error' in reply) throw toError(reply.error);
    return reply.value;
  }

  try {
    await call({ kind: 'open', path });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return {
    // a query always answers a result (null is open's and close's)
    query: async (sql, parameters) => withBuffers((await call({ kind: 'query', sql, parameters })) as QueryResult<unknown>),
    call: (procedure, args) => call({ kind: 'call', procedure, args }),
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      try {
        await call({ kind: 'close' });
        worker.ref(); // idle, it was not holding the process: now it must, until it has ended
        await Promise.race([exited, sleep(EXIT_WAIT_MS, undefined, { ref: false })]); // the thread ends once closed
      } finally {
        stopped ??= new Error('the SQLite database is closed');
        await worker.terminate();
      }
    },
  };
}

/** The reply of a request the thread will never answer: it stopped, or the database was closed. */
function refusal(err: Error): Reply {
  return { id: -1, error: { name: err.name, message: err.message } };
}

function toError(wire: WireError): Error {
  const err = new Error(wire.message);
  err.name = wire.name;
  return wire.code === undefined ? err : Object.assign(err, { code: wire.code });
}

/** better-sqlite3 reads a BLOB as a Buffer, which crosses the thread as a plain Uint8Array: make it a Buffer again (same memory). */
function withBuffers(result: QueryResult<unknown>): QueryResult<unknown> {
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const column in row) {
      const value = row[column];
      if (value instanceof Uint8Array) row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return result;
}

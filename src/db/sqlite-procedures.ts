// What runs inside the SQLite thread (sqlite-worker.js) rather than statement by statement from
// the event loop: work that reads or writes many rows, whose rows would otherwise cross between
// the threads twice. Each procedure gets the thread's own connection (the same SQL, the same
// Kysely) and returns what its caller needs; it is called through `Database.inDatabaseThread`.
import { foldInTransaction } from '../analytics/rollup-folder.js';
import { storeEvents } from '../events/append.js';
import { forwardingHooks } from '../forwarding/enqueue.js';
import type { Platform } from '../forwarding/settings.js';
import type { TrackedEvent } from '../tracking/event.js';
import type { Connection } from './database.js';

export const PROCEDURES = {
  /** Nothing: calling it loads the procedures, which a server does before it serves (its first batch must not wait for them). */
  load: async (_database: Connection) => null,
  /** One chunk of a pending rollup rebuild, in a transaction (rollup-folder.ts). */
  foldNext: foldInTransaction,
  /**
   * A batch of the event writer, stored with its forwarding (events/append.ts). Returns which
   * platforms each client of the batch forwards to, as read in its transaction (forwarding.ts).
   */
  async storeEvents(database: Connection, events: readonly TrackedEvent[], replayed: boolean, graceMs: number): Promise<[string, Platform[]][]> {
    const seen: [string, Platform[]][] = [];
    const hooks = forwardingHooks(database, { graceMs, onSettings: (clientId, platforms) => seen.push([clientId, [...platforms]]) });
    await storeEvents(database, events, { replayed, hooks });
    return seen;
  },
} satisfies Record<string, (database: Connection, ...args: never[]) => Promise<unknown>>;

export type Procedures = typeof PROCEDURES;
export type Procedure = keyof Procedures;
export type ProcedureArgs<P extends Procedure> = Procedures[P] extends (database: Connection, ...args: infer A) => unknown ? A : never;
export type ProcedureResult<P extends Procedure> = Awaited<ReturnType<Procedures[P]>>;

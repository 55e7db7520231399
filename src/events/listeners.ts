// Who changes with the events. Every feature that keeps something derived from events (the
// rollups, the legacy mirror's queue) is a listener, and the event store (this folder) calls each
// one in the transaction of every change it makes: inserts, confirmations, shown prefetches,
// erasures, retention. Nothing outside this folder writes `events`, so no derived data can miss a
// change. Server-side forwarding, which depends on the process's configuration, is given to each
// store call instead (append.ts, `StoreHooks`).
import type { Kysely } from 'kysely';
import { rollupListener } from '../analytics/rollup-listener.js';
import type { FoldedEvent } from '../analytics/rollup-writer.js';
import type { Connection } from '../db/database.js';
import type { EventRow, Schema } from '../db/schema.js';
import { mirrorListener } from '../migration/mirror.js';
import type { TrackedEvent } from '../tracking/event.js';

/** An event as the insert stored it: with its first-view flag. */
export type StoredEvent = TrackedEvent & Pick<EventRow, 'is_unique'>;

export interface EventListener {
  /** Events just inserted: only those the insert stored (an id stored before is not). */
  added?(database: Connection, trx: Kysely<Schema>, events: readonly StoredEvent[]): Promise<void>;
  /** Events changed: as they were and as they are now, in the same order. */
  changed?(database: Connection, trx: Kysely<Schema>, before: readonly FoldedEvent[], after: readonly FoldedEvent[]): Promise<void>;
  /** Events about to be deleted, as they are (the transaction deletes them next). */
  deleting?(database: Connection, trx: Kysely<Schema>, events: readonly FoldedEvent[]): Promise<void>;
  /**
   * Retention: every event of a client before `before` is about to be deleted; `events` are those
   * of them this transaction deletes (at most a day's).
   */
  truncating?(database: Connection, trx: Kysely<Schema>, clientId: string, before: number, events: readonly Pick<EventRow, 'event_id' | 'ts'>[]): Promise<void>;
}

export const LISTENERS: readonly EventListener[] = [rollupListener, mirrorListener];

// The durable delivery queue, shared by everything Duotrack sends to other systems (ad platforms'
// server APIs, a client's legacy webhook). A delivery is a row: enqueued in the transaction that
// decides it, claimed by a worker under a lease, sent in batches per destination and client, and
// then marked sent, retried later (exponential backoff with jitter), dead-lettered with its last
// error after `maxAttempts`, or skipped with a reason when the destination finds nothing to send.
// Safe with several app nodes: claims skip rows another node holds (FOR UPDATE SKIP LOCKED on
// PostgreSQL; SQLite has one writer). Each batch's outcome is committed
// as soon as its answer arrives, so a restart resends at most the batches that were in flight —
// and those only to a destination that deduplicates (`onInterrupted: 'resend'`); the others are
// dead-lettered as interrupted rather than risk a double count.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { insertMany, type InsertMany } from '../db/insert-many.js';
import type { DeliveriesTable, Schema } from '../db/schema.js';

export interface NewDelivery {
  /** Unique within the destination (an event id…): enqueuing the same key twice is a no-op. */
  readonly key: string;
  readonly clientId: string;
  readonly destination: string;
  readonly payload: unknown;
  /** Not sent before this instant (default: at once), e.g. to wait for more facts. */
  readonly notBefore?: number;
}

export interface Delivery<P = unknown> {
  readonly id: string;
  readonly clientId: string;
  readonly destination: string;
  readonly payload: P;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly createdAt: number;
}

export type Outcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'dead'; readonly error: string }
  /** Nothing to send after all (no consent, already delivered by another path…): settled, with the reason. */
  | { readonly kind: 'skipped'; readonly reason: string };

export interface Destination<P = unknown> {
  readonly name: string;
  /** Deliveries per request (the platform's limit). */
  readonly batchSize: number;
  /** Sends one client's deliveries; one outcome each, in order. Throwing retries them all with its message. */
  send(deliveries: readonly Delivery<P>[]): Promise<readonly Outcome[]>;
  /** A delivery found leased but never settled (the sender stopped mid-request): send it again, or dead-letter it. */
  readonly onInterrupted: 'resend' | 'dead';
}

export interface QueueOptions {
  readonly database: Database;
  readonly destinations: readonly Destination<never>[];
  readonly maxAttempts?: number; // default 8
  readonly baseDelayMs?: number; // first retry after about this long; doubles each time. Default 1000
  readonly maxDelayMs?: number; // default 1 hour
  readonly leaseMs?: number; // default 60 s: longer than any request's timeout
  readonly claimSize?: number; // deliveries claimed per round, default 1000
  readonly concurrency?: number; // requests in flight, default 4
  readonly random?: () => number;
  readonly clock?: () => number; // default Date.now
  readonly onOutcome?: (destination: string, clientId: string, outcome: Outcome['kind'], count: number) => void;
}

export interface RoundResult {
  readonly sent: number;
  readonly retried: number;
  readonly dead: number;
  /** Present when some were skipped. */
  readonly skipped?: number;
}

const DELIVERIES: InsertMany<Insertable<DeliveriesTable>> = {
  table: 'deliveries',
  columns: ['id', 'client_id', 'destination', 'payload', 'state', 'attempts', 'next_attempt_at', 'leased_until', 'last_error', 'created_at', 'done_at'],
  suffix: 'on conflict (id) do nothing',
};

export function deliveryId(destination: string, key: string): string {
  return `${destination}:${key}`;
}

/** Adds deliveries, due at once. Call it inside the transaction that decides them. */
export async function enqueue(db: Kysely<Schema>, database: Pick<Database, 'dialect'>, deliveries: readonly NewDelivery[], now = Date.now()): Promise<void> {
  const rows: Insertable<DeliveriesTable>[] = deliveries.map((d) => ({
    id: deliveryId(d.destination, d.key),
    client_id: d.clientId,
    destination: d.destination,
    payload: JSON.stringify(d.payload),
    state: 'pending',
    attempts: 0,
    next_attempt_at: d.notBefore ?? now,
    leased_until: null,
    last_error: null,
    created_at: now,
    done_at: null,
  }));
  for (let i = 0; i < rows.length; i += 500) await insertMany(db, database.dialect, DELIVERIES, rows.slice(i, i + 500));
}

export interface DeliveryQueue {
  /** Claims what is due, sends it, records every outcome. */
  runRound(): Promise<RoundResult>;
  /** Runs rounds until nothing is due (tests, benchmarks, shutdown). */
  drain(): Promise<RoundResult>;
}

export function createDeliveryQueue(options: QueueOptions): DeliveryQueue {
  const { database } = options;
  const db = database.db;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const claimSize = options.claimSize ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? Date.now;
  const destinations = new Map(options.destinations.map((d) => [d.name, d as Destination]));

  /** Backoff before attempt n+1 after n failures: doubling, with "equal jitter" (half fixed, half random). */
  const delayAfter = (failures: number) => {
    const full = Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1));
    return Math.round(full / 2 + random() * (full / 2));
  };

  async function claim(now: number): Promise<{ claimed: Delivery[]; interruptedDead: number }> {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('deliveries')
        .select(['id', 'client_id', 'destination', 'payload', 'attempts', 'created_at', 'leased_until'])
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(claimSize)
        .$if(database.dialect === 'postgres', (qb) => qb.modifyEnd(sql`for update skip locked`))
        .execute();
      const claimed: Delivery[] = [];
      const interrupted: string[] = [];
      for (const row of due) {
        const destination = destinations.get(row.destination);
        if (!destination) continue; // another node's destination, or one switched off here
        if (row.leased_until !== null && destination.onInterrupted === 'dead') interrupted.push(row.id);
        else claimed.push({ id: row.id, clientId: row.client_id, destination: row.destination, payload: JSON.parse(row.payload) as unknown, attempts: Number(row.attempts), createdAt: Number(row.created_at) });
      }
      for (let i = 0; i < claimed.length; i += 500) {
        await trx.updateTable('deliveries').set({ leased_until: now + leaseMs }).where('id', 'in', claimed.slice(i, i + 500).map((d) => d.id)).execute();
      }
      if (interrupted.length > 0) {
        await trx
          .updateTable('deliveries')
          .set({ state: 'dead', done_at: now, leased_until: null, last_error: 'interrupted while sending; not resent, as this destination cannot deduplicate' })
          .where('id', 'in', interrupted)
          .execute();
      }
      return { claimed, interruptedDead: interrupted.length };
    });
  }

  async function settle(batch: readonly Delivery[], outcomes: readonly Outcome[], now: number): Promise<RoundResult> {
    let sent = 0;
    let retried = 0;
    let dead = 0;
    const skipped = new Map<string, string[]>(); // reason → ids
    await db.transaction().execute(async (trx) => {
      const sentIds: string[] = [];
      for (const [i, d] of batch.entries()) {
        const outcome: Outcome = outcomes[i] ?? { kind: 'retry', error: 'no outcome for this delivery' };
        if (outcome.kind === 'sent') {
          sentIds.push(d.id);
          continue;
        }
        if (outcome.kind === 'skipped') {
          const reason = outcome.reason.slice(0, 1000);
          skipped.set(reason, [...(skipped.get(reason) ?? []), d.id]);
          continue;
        }
        const failures = d.attempts + 1;
        const final = outcome.kind === 'dead' || failures >= maxAttempts;
        await trx
          .updateTable('deliveries')
          .set(
            final
              ? { state: 'dead', attempts: failures, done_at: now, leased_until: null, last_error: outcome.error.slice(0, 1000) }
              : { attempts: failures, next_attempt_at: now + delayAfter(failures), leased_until: null, last_error: outcome.error.slice(0, 1000) },
          )
          .where('id', '=', d.id)
          .execute();
        if (final) dead++;
        else retried++;
      }
      if (sentIds.length > 0) {
        await trx.updateTable('deliveries').set((eb) => ({ state: 'sent', attempts: eb('attempts', '+', 1), done_at: now, leased_until: null, last_error: null })).where('id', 'in', sentIds).execute();
        sent = sentIds.length;
      }
      for (const [reason, ids] of skipped) {
        for (let i = 0; i < ids.length; i += 500) {
          await trx.updateTable('deliveries').set({ state: 'skipped', done_at: now, leased_until: null, last_error: reason }).where('id', 'in', ids.slice(i, i + 500)).execute();
        }
      }
    });
    const skippedCount = [...skipped.values()].reduce((n, ids) => n + ids.length, 0);
    const first = batch[0];
    if (first && options.onOutcome) {
      for (const [kind, count] of [['sent', sent], ['retry', retried], ['dead', dead], ['skipped', skippedCount]] as const) if (count > 0) options.onOutcome(first.destination, first.clientId, kind, count);
    }
    return { sent, retried, dead, ...(skippedCount > 0 ? { skipped: skippedCount } : {}) };
  }

  async function runRound(): Promise<RoundResult> {
    const { claimed, interruptedDead } = await claim(clock());
    const batches: Delivery[][] = [];
    const groups = new Map<string, Delivery[]>();
    for (const d of claimed) {
      const key = `${d.destination}\u0000${d.clientId}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(d);
    }
    for (const group of groups.values()) {
      const size = (destinations.get((group[0] as Delivery).destination) as Destination).batchSize;
      for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
    }
    const total = { sent: 0, retried: 0, dead: interruptedDead, skipped: 0 };
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Delivery[];
        const destination = destinations.get((batch[0] as Delivery).destination) as Destination;
        let outcomes: readonly Outcome[];
        try {
          outcomes = await destination.send(batch);
        } catch (err) {
          const error = (err as Error).message || String(err);
          outcomes = batch.map(() => ({ kind: 'retry', error }));
        }
        const result = await settle(batch, outcomes, clock());
        total.sent += result.sent;
        total.retried += result.retried;
        total.dead += result.dead;
        total.skipped += result.skipped ?? 0;
      }
    });
    await Promise.all(workers);
    const { skipped, ...counts } = total;
    return skipped > 0 ? { ...counts, skipped } : counts;
  }

  return {
    runRound,
    async drain() {
      const total = { sent: 0, retried: 0, dead: 0, skipped: 0 };
      for (;;) {
        const round = await runRound();
        total.sent += round.sent;
        total.retried += round.retried;
        total.dead += round.dead;
        total.skipped += round.skipped ?? 0;
        if (round.sent + round.retried + round.dead + (round.skipped ?? 0) === 0) {
          const { skipped, ...counts } = total;
          return skipped > 0 ? { ...counts, skipped } : counts;
        }
      }
    },
  };
}

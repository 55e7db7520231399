// The durable delivery queue on every database: idempotent enqueue, batches per destination and
// client within the destination's limit, retry with backoff, dead-letter after N attempts with the
// last error, interrupted sends resent or dead-lettered by destination, and two workers (two app
// nodes) never sending one delivery twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDeliveryQueue, enqueue, type Delivery, type Destination, type Outcome } from '../../src/delivery/queue.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

interface Sent {
  readonly clientId: string;
  readonly keys: string[];
}

function recorder(name: string, options: { batchSize?: number; onInterrupted?: 'resend' | 'dead'; answer?: (d: Delivery<{ n: number }>) => Outcome } = {}) {
  const sent: Sent[] = [];
  const destination: Destination<{ n: number }> = {
    name,
    batchSize: options.batchSize ?? 100,
    onInterrupted: options.onInterrupted ?? 'resend',
    async send(batch) {
      sent.push({ clientId: batch[0]!.clientId, keys: batch.map((d) => d.id) });
      return batch.map((d) => options.answer?.(d) ?? { kind: 'sent' });
    },
  };
  return { destination, sent };
}

describe.each(DIALECTS)('delivery queue on %s', (dialect) => {
  let test: TestDatabase;
  let database: Database;
  const state = async () =>
    Object.fromEntries((await database.db.selectFrom('deliveries').select(['id', 'state', 'attempts', 'last_error', 'next_attempt_at']).execute()).map((r) => [r.id, r]));

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    database = openDatabase(test.url);
    await migrateToLatest(database);
  });
  beforeEach(async () => {
    await database.db.deleteFrom('deliveries').execute();
  });
  afterAll(async () => {
    await database?.close();
    await test?.cleanup();
  });

  const add = (keys: string[], destination = 'meta', clientId = 'c1', now = 0) =>
    enqueue(database.db, database, keys.map((key) => ({ key, clientId, destination, payload: { n: Number(key.replace(/\D/g, '')) } })), now);

  it('enqueues once per key, and sends in batches per client within the destination’s limit', async () => {
    await add(['e1', 'e2', 'e3', 'e4', 'e5']);
    await add(['e1', 'e2']); // twice: nothing new
    await add(['e6'], 'meta', 'c2');
    const meta = recorder('meta', { batchSize: 2 });
    const queue = createDeliveryQueue({ database, destinations: [meta.destination] });
    expect(await queue.drain()).toEqual({ sent: 6, retried: 0, dead: 0 });
    expect(meta.sent.map((s) => [s.clientId, s.keys.length]).sort()).toEqual([['c1', 1], ['c1', 2], ['c1', 2], ['c2', 1]]);
    expect(Object.values(await state()).every((r) => r.state === 'sent' && Number(r.attempts) === 1)).toBe(true);
    expect(await queue.drain()).toEqual({ sent: 0, retried: 0, dead: 0 }); // never twice
  });

  it('retries a failure later, with doubling delays, and dead-letters it after the last attempt with its error', async () => {
    await add(['e1', 'e2']);
    let calls = 0;
    const flaky = recorder('meta', { answer: (d) => (d.id === 'meta:e1' ? { kind: 'retry', error: `HTTP 503 (try ${++calls})` } : { kind: 'sent' }) });
    let now = 10_000;
    const queue = createDeliveryQueue({ database, destinations: [flaky.destination], maxAttempts: 3, baseDelayMs: 1000, random: () => 1, clock: () => now });
    expect(await queue.runRound()).toEqual({ sent: 1, retried: 1, dead: 0 });
    const first = (await state())['meta:e1']!;
    expect(first).toMatchObject({ state: 'pending', attempts: 1, last_error: 'HTTP 503 (try 1)', next_attempt_at: 11_000 }); // 1 s later
    now = 10_999;
    expect(await queue.runRound()).toEqual({ sent: 0, retried: 0, dead: 0 }); // not before it is due
    now = 11_000;
    expect(await queue.runRound()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect((await state())['meta:e1']).toMatchObject({ attempts: 2, next_attempt_at: 13_000 }); // 2 s later: doubled
    now = 13_000;
    expect(await queue.runRound()).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect((await state())['meta:e1']).toMatchObject({ state: 'dead', attempts: 3, last_error: 'HTTP 503 (try 3)' });
  });

  it('retries a whole batch when sending throws, and dead-letters at once what the destination refuses', async () => {
    await add(['e1', 'e2', 'e3']);
    const down: Destination = { name: 'meta', batchSize: 10, onInterrupted: 'resend', send: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    expect(await createDeliveryQueue({ database, destinations: [down] }).runRound()).toEqual({ sent: 0, retried: 3, dead: 0 });
    expect(Object.values(await state()).map((r) => r.last_error)).toEqual(['connect ECONNREFUSED', 'connect ECONNREFUSED', 'connect ECONNREFUSED']);
    await database.db.updateTable('deliveries').set({ next_attempt_at: 0 }).execute();
    const picky = recorder('meta', { answer: (d) => (d.id === 'meta:e2' ? { kind: 'dead', error: 'event older than 7 days' } : { kind: 'sent' }) });
    expect(await createDeliveryQueue({ database, destinations: [picky.destination] }).drain()).toEqual({ sent: 2, retried: 0, dead: 1 });
    expect((await state())['meta:e2']).toMatchObject({ state: 'dead', last_error: 'event older than 7 days' });
  });

  it('after a stop in the middle of a send, resends to a deduplicating destination and dead-letters for the others', async () => {
    await add(['m1'], 'meta');
    await add(['g1'], 'ga4');
    // a worker claimed both and died before the answers (the lease is set, nothing settled)
    const hang: Destination = { name: 'meta', batchSize: 10, onInterrupted: 'resend', send: () => new Promise(() => {}) };
    const hangGa4: Destination = { ...hang, name: 'ga4', onInterrupted: 'dead' };
    void createDeliveryQueue({ database, destinations: [hang, hangGa4], leaseMs: 1000, clock: () => 5_000 }).runRound();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const meta = recorder('meta');
    const ga4 = recorder('ga4', { onInterrupted: 'dead' });
    let now = 5_500;
    const restarted = createDeliveryQueue({ database, destinations: [meta.destination, ga4.destination], clock: () => now });
    expect(await restarted.runRound()).toEqual({ sent: 0, retried: 0, dead: 0 }); // still leased
    now = 6_001;
    expect(await restarted.runRound()).toEqual({ sent: 1, retried: 0, dead: 1 });
    expect(meta.sent).toHaveLength(1);
    expect(ga4.sent).toHaveLength(0);
    expect((await state())['ga4:g1']).toMatchObject({ state: 'dead', last_error: expect.stringContaining('interrupted while sending') });
  });

  it('never sends a delivery twice when two workers (on PostgreSQL, two nodes) work the queue at once', async () => {
    await add(Array.from({ length: 300 }, (_, i) => `e${i}`));
    // SQLite has one writer process: two workers share it. PostgreSQL: a second connection pool, as a second node.
    const other = dialect === 'postgres' ? openDatabase(test.url) : database;
    try {
      const a = recorder('meta', { batchSize: 25 });
      const b = recorder('meta', { batchSize: 25 });
      const slow = (d: Destination<{ n: number }>): Destination<{ n: number }> => ({ ...d, send: async (batch) => { await new Promise((r) => setTimeout(r, 5)); return d.send(batch); } });
      const [ra, rb] = await Promise.all([
        createDeliveryQueue({ database, destinations: [slow(a.destination)], claimSize: 50 }).drain(),
        createDeliveryQueue({ database: other, destinations: [slow(b.destination)], claimSize: 50 }).drain(),
      ]);
      expect(ra.sent + rb.sent).toBe(300);
      const keys = [...a.sent, ...b.sent].flatMap((s) => s.keys);
      expect(keys).toHaveLength(300);
      expect(new Set(keys).size).toBe(300);
      if (dialect === 'postgres') expect(Math.min(ra.sent, rb.sent)).toBeGreaterThan(0); // both nodes took a share
    } finally {
      if (other !== database) await other.close();
    }
  });
});

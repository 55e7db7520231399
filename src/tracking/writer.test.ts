import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from './event.js';
import { openSpool } from './spool.js';
import { createEventWriter } from './writer.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function event(n: number): TrackedEvent {
  return { event_id: `e-${String(n).padStart(5, '0')}`, ts: n } as TrackedEvent;
}

/** A database stand-in: stores by event id (idempotent), can be switched off. */
function fakeDatabase() {
  const stored = new Map<string, TrackedEvent>();
  const order: string[] = [];
  const batches: number[] = [];
  const db = {
    up: true,
    hang: false,
    stored,
    order,
    batches,
    async commit(events: readonly TrackedEvent[]) {
      if (db.hang) return new Promise<void>(() => undefined);
      if (!db.up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      batches.push(events.length);
      for (const e of events) {
        if (!stored.has(e.event_id)) order.push(e.event_id);
        stored.set(e.event_id, e);
      }
    },
  };
  return db;
}

const until = async (check: () => boolean, ms = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

function setup(db = fakeDatabase(), dir = mkdtempSync(join(tmpdir(), 'dt-writer-'))) {
  const spool = openSpool(dir, 424242);
  const writer = createEventWriter({ commit: (e) => db.commit(e), spool, log: silent, flushMs: 2, commitTimeoutMs: 200, retryMs: 20 });
  return { db, writer, spool, dir };
}

describe('event writer', () => {
  it('group-commits events recorded together in one transaction', async () => {
    const { db, writer } = setup();
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.record(event(i))));
    expect(db.batches).toEqual([50]);
    expect(writer.stats()).toMatchObject({ mode: 'direct', written: 50, pending: 0 });
    await writer.close();
  });

  it('overlaps at most maxInFlight commits, and commits everything', async () => {
    let running = 0;
    let peak = 0;
    const stored: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'dt-writer-'));
    const writer = createEventWriter({
      commit: async (events) => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        stored.push(...events.map((e) => e.event_id));
        running--;
      },
      spool: openSpool(dir, 424243),
      log: silent,
      flushMs: 0,
      commitTimeoutMs: 1000,
      maxInFlight: 3,
    });
    const all: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      all.push(writer.record(event(i)));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(peak).toBe(3);
    expect(stored.sort()).toEqual(Array.from({ length: 40 }, (_, i) => event(i).event_id));
    await writer.close();
  });

  it('resolves a record only once its event is committed', async () => {
    const { db, writer } = setup();
    await writer.record(event(1));
    expect(db.stored.has('e-00001')).toBe(true);
    await writer.close();
  });

  it('spools while the database is down, then replays in order, each event once', async () => {
    const { db, writer, spool } = setup();
    await writer.record(event(0));
    db.up = false;
    await Promise.all(Array.from({ length: 30 }, (_, i) => writer.record(event(i + 1))));
    await Promise.all(Array.from({ length: 30 }, (_, i) => writer.record(event(i + 31))));
    expect(writer.stats().mode).toBe('spooling');
    expect(readFileSync(spool.path, 'utf8').trim().split('\n')).toHaveLength(60);
    db.up = true;
    await until(() => writer.stats().mode === 'direct');
    expect(db.order).toEqual(Array.from({ length: 61 }, (_, i) => event(i).event_id));
    expect(spool.size()).toBe(0);
    await writer.close();
  });

  it('treats a commit slower than the timeout as a failure: the page goes on, the event is spooled', async () => {
    const { db, writer, spool } = setup();
    db.hang = true;
    const started = Date.now();
    await writer.record(event(7));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readFileSync(spool.path, 'utf8')).toContain('e-00007');
    db.hang = false;
    await until(() => writer.stats().mode === 'direct');
    expect(db.stored.has('e-00007')).toBe(true);
    await writer.close();
  });

  it('on close, flushes everything pending; what the database refuses stays in the spool for the next start', async () => {
    const db = fakeDatabase();
    const first = setup(db);
    const pending = Array.from({ length: 10 }, (_, i) => first.writer.record(event(i)));
    db.up = false;
    await first.writer.close();
    await Promise.all(pending);
    expect(db.stored.size).toBe(0);

    db.up = true;
    const second = setup(db, first.dir); // same pid, same spool file: a restart
    expect(second.writer.stats().mode).toBe('spooling');
    await until(() => second.writer.stats().mode === 'direct');
    expect(db.order).toEqual(Array.from({ length: 10 }, (_, i) => event(i).event_id));
    await second.writer.close();
  });
});

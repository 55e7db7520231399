import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from './event.js';
import { openSpool, type Spool } from './spool.js';
import { createEventWriter, type EventWriter, type WriterOptions } from './writer.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function event(n: number): TrackedEvent {
  return { event_id: `e-${String(n).padStart(5, '0')}`, ts: n } as TrackedEvent;
}

/** About 1 KB of JSON: a replay chunk (256 KB) holds about 250 of them. */
function bulkyEvent(n: number): TrackedEvent {
  return { ...event(n), user_agent: 'x'.repeat(1000) } as TrackedEvent;
}

/** What a long outage leaves in the spool: three replay chunks. */
const backlog = () => Array.from({ length: 600 }, (_, i) => bulkyEvent(i + 1));

const ids = (events: readonly TrackedEvent[]) => events.map((e) => e.event_id);

/** Each of these events, and no other, committed exactly once. */
function expectCommittedOnce(db: FakeDatabase, events: readonly TrackedEvent[]): void {
  expect([...db.commits.keys()].sort()).toEqual(ids(events).sort());
  expect([...db.commits.values()].every((c) => c.length === 1)).toBe(true);
}

/** A database stand-in: stores by event id (idempotent), can be switched off. */
function fakeDatabase() {
  const stored = new Map<string, TrackedEvent>();
  const order: string[] = [];
  const batches: number[] = [];
  /** Every commit of each event id, direct or replayed. */
  const commits = new Map<string, ('direct' | 'replayed')[]>();
  const db = {
    up: true,
    hang: false,
    refused: 0,
    stored,
    order,
    batches,
    commits,
    async commit(events: readonly TrackedEvent[], replayed = false) {
      if (db.hang) return new Promise<void>(() => undefined);
      if (!db.up) {
        db.refused++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      batches.push(events.length);
      for (const e of events) {
        if (!stored.has(e.event_id)) order.push(e.event_id);
        stored.set(e.event_id, e);
        commits.set(e.event_id, [...(commits.get(e.event_id) ?? []), replayed ? 'replayed' : 'direct']);
      }
    },
  };
  return db;
}
type FakeDatabase = ReturnType<typeof fakeDatabase>;

/** Lets the first replayed batch through and holds the next ones until `release()`: a replay slower than the pages. */
function slowReplay(db: FakeDatabase) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let replayedBatches = 0;
  return {
    release: () => release(),
    commit: async (events: readonly TrackedEvent[], replayed: boolean) => {
      if (replayed && replayedBatches++ > 0) await released;
      return db.commit(events, replayed);
    },
  };
}

/** Commits one event, then records `events` with the database down: they go to the spool. */
async function spoolDuringOutage(writer: EventWriter, db: FakeDatabase, events: readonly TrackedEvent[]): Promise<void> {
  await writer.record(event(0));
  db.up = false;
  await Promise.all(events.map((e) => writer.record(e)));
  expect(writer.stats().mode).toBe('spooling');
}

const until = async (check: () => boolean, ms = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

function setup(db = fakeDatabase(), dir = mkdtempSync(join(tmpdir(), 'dt-writer-')), overrides: Partial<WriterOptions> = {}) {
  const spool = overrides.spool ?? openSpool(dir, 424242);
  const writer = createEventWriter({ commit: (e, replayed) => db.commit(e, replayed), spool, log: silent, flushMs: 2, commitTimeoutMs: 200, retryMs: 20, ...overrides });
  return { db, writer, spool, dir };
}

/** A database whose replay is held after its first chunk; commits may wait for it well beyond the usual timeout. */
function setupSlowReplay(overrides: Partial<WriterOptions> = {}) {
  const db = fakeDatabase();
  const replay = slowReplay(db);
  return { ...setup(db, undefined, { commit: replay.commit, commitTimeoutMs: 5000, ...overrides }), release: replay.release };
}

/** A long outage's backlog spooled, then the database back: the first replay chunk is stored, the next ones held. */
async function replayingAfterOutage(overrides: Partial<WriterOptions> = {}) {
  const setUp = setupSlowReplay(overrides);
  const old = backlog();
  await spoolDuringOutage(setUp.writer, setUp.db, old);
  setUp.db.up = true;
  await until(() => setUp.writer.stats().mode === 'replaying');
  return { ...setUp, old };
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

  it('once the database answers again, commits new events directly while the spool is still replayed', async () => {
    const { db, writer, spool, release, old } = await replayingAfterOutage();

    const fresh = Array.from({ length: 20 }, (_, i) => event(1000 + i));
    await Promise.all(fresh.map((e) => writer.record(e)));
    for (const e of fresh) expect(db.commits.get(e.event_id)).toEqual(['direct']);
    expect(readFileSync(spool.path, 'utf8')).not.toContain(fresh[0]!.event_id);
    expect(old.some((e) => !db.stored.has(e.event_id))).toBe(true);

    release();
    await until(() => writer.stats().mode === 'direct');
    expectCommittedOnce(db, [event(0), ...old, ...fresh]);
    for (const e of old) expect(db.commits.get(e.event_id)).toEqual(['replayed']);
    expect(spool.size()).toBe(0);
    await writer.close();
  });

  it('sends new events back to the spool when a direct commit fails during the replay, which goes on from where it was', async () => {
    const { db, writer, spool, release, old } = await replayingAfterOutage();

    db.up = false;
    const fresh = Array.from({ length: 20 }, (_, i) => event(1000 + i));
    await Promise.all(fresh.map((e) => writer.record(e)));
    expect(writer.stats().mode).toBe('spooling');
    expect(readFileSync(spool.path, 'utf8')).toContain(fresh[19]!.event_id);
    expect(fresh.some((e) => db.stored.has(e.event_id))).toBe(false);

    const refused = db.refused;
    release(); // the held chunk meets the database down: the replay retries it later
    await until(() => db.refused > refused);
    db.up = true;
    await until(() => writer.stats().mode === 'direct');
    // Once each: the chunk stored before the failure is not replayed again.
    expectCommittedOnce(db, [event(0), ...old, ...fresh]);
    for (const e of fresh) expect(db.commits.get(e.event_id)).toEqual(['replayed']);
    expect(spool.size()).toBe(0);
    await writer.close();
  });

  it('reports spooling during the outage, replaying once the database answers, direct once the spool is drained', async () => {
    const { db, writer, release } = setupSlowReplay();
    await spoolDuringOutage(writer, db, backlog());
    const spooled = writer.stats().spoolBytes;
    expect(spooled).toBeGreaterThan(0);
    db.up = true;
    await until(() => writer.stats().mode !== 'spooling');
    expect(writer.stats().mode).toBe('replaying');
    expect(writer.stats().spoolBytes).toBeGreaterThan(0);
    expect(writer.stats().spoolBytes).toBeLessThan(spooled); // the first chunk is stored: no longer waiting
    release();
    await until(() => writer.stats().mode !== 'replaying');
    expect(writer.stats()).toMatchObject({ mode: 'direct', spoolBytes: 0, written: 601 });
    await writer.close();
  });

  it('retries a replay chunk that fails while new events commit', async () => {
    const { db, writer, spool, release, old } = await replayingAfterOutage();

    db.up = false;
    const refused = db.refused;
    release(); // the held chunk fails, no page has seen the database down
    await until(() => db.refused > refused);
    db.up = true;
    expect(writer.stats().mode).toBe('replaying');
    await writer.record(event(1000));
    expect(db.commits.get('e-01000')).toEqual(['direct']);
    await until(() => writer.stats().mode === 'direct');
    expect(old.every((e) => db.stored.has(e.event_id))).toBe(true);
    expect(spool.size()).toBe(0);
    await writer.close();
  });

  it('keeps the events the spool refuses during the replay in memory, and stores them before the rest of the spool', async () => {
    const disk = openSpool(mkdtempSync(join(tmpdir(), 'dt-writer-')), 424244);
    let full = false;
    const spool: Spool = { ...disk, append: (events) => (full ? failWith('ENOSPC') : disk.append(events)) };
    const { db, writer, release, old } = await replayingAfterOutage({ spool });

    db.up = false;
    full = true;
    const held = Array.from({ length: 10 }, (_, i) => event(1000 + i));
    await Promise.all(held.map((e) => writer.record(e)));
    expect(writer.stats()).toMatchObject({ mode: 'spooling', inMemory: 10, spoolError: { code: 'ENOSPC' } });

    db.up = true;
    full = false;
    release();
    await until(() => writer.stats().mode === 'direct');
    expect(writer.stats()).toMatchObject({ inMemory: 0, spoolError: null });
    expect(db.order.indexOf(held[9]!.event_id)).toBeLessThan(db.order.indexOf(old[599]!.event_id));
    expectCommittedOnce(db, [event(0), ...old, ...held]);
    await writer.close();
  });

  it('holds at most maxInMemory events the spool refuses, counts those beyond as dropped, and stores the ones it held', async () => {
    const disk = openSpool(mkdtempSync(join(tmpdir(), 'dt-writer-')), 424245);
    const spool: Spool = { ...disk, append: () => failWith('ENOSPC') };
    const { db, writer } = setup(undefined, undefined, { spool, maxInMemory: 25 });
    await writer.record(event(0));
    db.up = false;
    const outage = Array.from({ length: 40 }, (_, i) => event(i + 1));
    for (let i = 0; i < outage.length; i += 10) await Promise.all(outage.slice(i, i + 10).map((e) => writer.record(e))); // four batches
    expect(writer.stats()).toMatchObject({ mode: 'spooling', inMemory: 25, dropped: 15, spoolError: { code: 'ENOSPC' } });

    db.up = true;
    await until(() => writer.stats().inMemory === 0 && db.stored.size === 26);
    expectCommittedOnce(db, [event(0), ...outage.slice(0, 25)]); // the first 25 held, the last 15 lost
    expect(writer.stats()).toMatchObject({ written: 26, dropped: 15 });
    await writer.close();
  });
});

function failWith(code: string): never {
  throw Object.assign(new Error(`${code}: the disk refuses`), { code });
}

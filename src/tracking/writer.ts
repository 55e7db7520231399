// The event writer: group commit with a spool behind it.
//
// direct mode:   events arriving within `flushMs` share one transaction; a page's promise
//                resolves when its event is committed. At most `maxInFlight` batches are in
//                flight (1 on SQLite, a few on PostgreSQL to overlap round trips), so batches
//                grow by themselves under load.
// spooling mode: entered when a commit fails or takes longer than `commitTimeoutMs`. Batches
//                are appended (and synced) to the spool and the page goes on. A replay loop
//                retries the database and stores what the outage left: the events held in
//                memory first, then the spool in order (idempotently, by event id).
// replaying:     the database answers again (a replay chunk committed): batches commit as in
//                direct mode while the replay drains the rest of the spool behind them. A failed
//                commit returns to spooling (after what is left; the replay goes on from where it
//                was). Direct mode once nothing is left.
import type { BaseLogger } from 'pino';
import type { TrackedEvent } from './event.js';
import type { Spool } from './spool.js';

export interface WriterOptions {
  /** `replayed`: the batch comes from the spool, possibly after events that depend on it. */
  readonly commit: (events: readonly TrackedEvent[], replayed: boolean) => Promise<void>;
  readonly spool: Spool;
  readonly log: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
  readonly flushMs: number;
  readonly commitTimeoutMs: number;
  /** Batches committing at once. Default 1. */
  readonly maxInFlight?: number;
  /** Told the size of every batch as it is committed or spooled (metrics). */
  readonly onBatch?: (events: number, outcome: 'committed' | 'spooled') => void;
  /** First wait before retrying the database; doubles up to 5 s. */
  readonly retryMs?: number;
  /** Events held in memory when the spool refuses them, at most; beyond, they are dropped (and counted). Default 100,000. */
  readonly maxInMemory?: number;
}

/** `replaying`: the database is back and takes new events, the spool is not yet drained. */
export type WriterMode = 'direct' | 'spooling' | 'replaying';

export interface WriterStats {
  readonly mode: WriterMode;
  readonly pending: number; // waiting for the next batch
  readonly spoolBytes: number; // still to replay
  readonly written: number; // events committed since start (directly or by replay)
  readonly spooled: number; // events that went to the spool since start
  /** Events neither committed nor spooled (the spool refused them): held in memory, stored first when the database is back, lost if the process dies first. */
  readonly inMemory: number;
  /** Events lost since start: refused by the database and the spool while `maxInMemory` were already held (rather than the process running out of memory). */
  readonly dropped: number;
  /** The spool failure (unwritable, full) of the current outage, or since start when it could not be opened; null otherwise. */
  readonly spoolError: SpoolError | null;
}

export interface SpoolError {
  readonly message: string;
  readonly code?: string;
  readonly path: string;
  readonly since: string; // ISO time of the first failure in a row
}

export interface EventWriter {
  /** Resolves once the event is committed or durably spooled. Never rejects. */
  record(event: TrackedEvent): Promise<void>;
  stats(): WriterStats;
  /** Stores or spools everything pending; tries once more to empty the spool. */
  close(): Promise<void>;
}

/** Replay commits at most this much at a time (an event is about 700 bytes of JSON). */
const REPLAY_CHUNK_EVENTS = 500;
const REPLAY_CHUNK_BYTES = 256 << 10;

interface Pending {
  readonly event: TrackedEvent;
  readonly done: () => void;
}

export function createEventWriter(options: WriterOptions): EventWriter {
  const { commit, spool, log, flushMs, commitTimeoutMs } = options;
  const baseRetryMs = options.retryMs ?? 250;
  const maxInFlight = options.maxInFlight ?? 1;
  const maxInMemory = options.maxInMemory ?? 100_000;
  let queue: Pending[] = [];
  const inFlight = new Set<Promise<void>>();
  let flushTimer: NodeJS.Timeout | null = null;
  let flushScheduled = false;
  let mode: WriterMode = spool.size() > 0 ? 'spooling' : 'direct';
  let replaying: Promise<void> | null = null;
  /** Spool bytes before this offset are stored: a replay that fails goes on from there. */
  let replayedUpTo = 0;
  let replayTimer: NodeJS.Timeout | null = null;
  let retryMs = baseRetryMs;
  let closed = false;
  let written = 0;
  let spooled = 0;
  let dropped = 0;
  /** Events the spool refused (disk full, unwritable): kept in memory and replayed first. */
  let unspoolable: TrackedEvent[] = [];
  let spoolError: SpoolError | null = null;

  function reportSpoolError(err: unknown, events: number): void {
    const summary = errorSummary(err);
    spoolError = { ...summary, path: spool.path, since: spoolError?.since ?? new Date().toISOString() };
    log.error({ err: summary, path: spool.path, events, inMemory: unspoolable.length }, 'spool write failed: events kept in memory until the database is back');
  }
  if (spool.openError) reportSpoolError(spool.openError, 0);

  function scheduleFlush(): void {
    if (flushScheduled || inFlight.size >= maxInFlight) return;
    flushScheduled = true;
    const run = () => {
      flushScheduled = false;
      flushTimer = null;
      void flush();
    };
    // 0: flush once the current I/O phase is done, i.e. with every request that arrived with it.
    if (flushMs === 0) setImmediate(run);
    else flushTimer = setTimeout(run, flushMs);
  }

  async function flush(): Promise<void> {
    if (inFlight.size >= maxInFlight || queue.length === 0) return;
    const batch = queue;
    queue = [];
    const events = batch.map((p) => p.event);
    const committing: Promise<void> = (mode === 'spooling' ? Promise.resolve(toSpool(events)) : commitOrSpool(events)).finally(() => {
      inFlight.delete(committing);
      for (const p of batch) p.done();
      if (queue.length > 0) scheduleFlush();
    });
    inFlight.add(committing);
    return committing;
  }

  async function commitOrSpool(events: TrackedEvent[]): Promise<void> {
    try {
      await withTimeout(commit(events, false), commitTimeoutMs);
      written += events.length;
      options.onBatch?.(events.length, 'committed');
    } catch (err) {
      log.warn({ err: errorSummary(err), events: events.length }, 'database unavailable: events go to the spool until it is back');
      enterSpooling();
      toSpool(events);
    }
  }

  function toSpool(events: TrackedEvent[]): void {
    try {
      spool.append(events);
      spooled += events.length;
      if (spoolError && !spool.openError) {
        log.info({ path: spool.path, failingSince: spoolError.since }, 'spool writable again');
        spoolError = null;
      }
      options.onBatch?.(events.length, 'spooled');
    } catch (err) {
      const kept = events.slice(0, Math.max(0, maxInMemory - unspoolable.length));
      for (const e of kept) unspoolable.push(e);
      reportSpoolError(err, events.length);
      if (kept.length < events.length) {
        dropped += events.length - kept.length;
        log.error({ events: events.length - kept.length, dropped, inMemory: unspoolable.length }, 'events dropped: the database and the spool refuse them, and the memory limit is reached');
      }
    }
  }

  function enterSpooling(): void {
    mode = 'spooling';
    scheduleReplay();
  }

  function scheduleReplay(): void {
    if (replayTimer || replaying || closed) return;
    replayTimer = setTimeout(() => {
      replayTimer = null;
      replaying = replay().finally(() => {
        replaying = null;
        if (mode !== 'direct') scheduleReplay();
      });
    }, retryMs);
    replayTimer.unref();
  }

  /** Stores the events held in memory, then the spool from `replayedUpTo`; direct mode once nothing is left. */
  async function replay(): Promise<void> {
    try {
      // In chunks: each must commit within `commitTimeoutMs`, however long the outage was.
      for (;;) {
        if (unspoolable.length > 0) {
          const chunk = unspoolable.slice(0, REPLAY_CHUNK_EVENTS);
          await withTimeout(commit(chunk, true), commitTimeoutMs);
          unspoolable = unspoolable.slice(chunk.length); // events refused meanwhile were appended
          replayed(chunk.length);
          continue;
        }
        const chunk = spool.read(replayedUpTo, REPLAY_CHUNK_BYTES);
        if (chunk.corrupt > 0) log.error({ lines: chunk.corrupt, path: spool.path }, 'spool lines could not be parsed and were skipped');
        if (chunk.next === replayedUpTo) {
          // Nothing left: switch back in the same tick as the read (appends are synchronous too),
          // so none slips in between; a commit failing after this spools into the emptied file.
          backToDirect();
          return;
        }
        await withTimeout(commit(chunk.events, true), commitTimeoutMs);
        replayedUpTo = chunk.next;
        replayed(chunk.events.length);
      }
    } catch (err) {
      retryMs = Math.min(retryMs * 2, 5000);
      log.warn({ err: errorSummary(err), retryInMs: retryMs }, 'spool replay: database still unavailable');
    }
  }

  /** A replay chunk is committed: the database answers, so new events go to it again. */
  function replayed(events: number): void {
    written += events;
    retryMs = baseRetryMs;
    if (mode !== 'spooling') return;
    mode = 'replaying';
    log.info({ path: spool.path, bytes: spool.size() - replayedUpTo, inMemory: unspoolable.length }, 'database is back: new events are committed while the spool is replayed');
  }

  function backToDirect(): void {
    spool.clear();
    replayedUpTo = 0;
    mode = 'direct';
    if (!spool.openError) spoolError = null; // a failure while spooling: reported again at the next one
    log.info({ written }, 'spool replayed: back to direct mode');
  }

  if (mode === 'spooling') {
    log.warn({ path: spool.path, bytes: spool.size() }, 'spool holds events from an earlier run: replaying');
    scheduleReplay();
  }

  return {
    record(event) {
      return new Promise<void>((done) => {
        queue.push({ event, done });
        scheduleFlush();
      });
    },
    stats: () => ({ mode, pending: queue.length, spoolBytes: Math.max(0, spool.size() - replayedUpTo), written, spooled, inMemory: unspoolable.length, dropped, spoolError }),
    async close() {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      while (inFlight.size > 0 || queue.length > 0) {
        await Promise.all(inFlight);
        await flush();
      }
      if (replayTimer) clearTimeout(replayTimer);
      await replaying;
      if (mode !== 'direct' || unspoolable.length > 0) await replay();
      if (unspoolable.length > 0) {
        toSpool(unspoolable.splice(0)); // last chance to keep them on disk
      }
      spool.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`commit took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorSummary(err: unknown): { message: string; code?: string } {
  const e = err as { message?: string; code?: string };
  return { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) };
}

// The local append-only spool: where events go while the database cannot take them. One NDJSON
// file per process (spool-<host>-<pid>.ndjson) in <dataDir>/spool; a file left by a dead process
// of the same host is adopted at start (a shared volume never mixes hosts, even when every
// container is PID 1). Events carry only the truncated IP, never the raw one.
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { TrackedEvent } from './event.js';

export interface Spool {
  readonly path: string;
  /** Why the spool could not be opened (every append then throws it); null when it is usable. */
  readonly openError: Error | null;
  /** Appends and syncs to disk before returning. Throws when the disk refuses. */
  append(events: readonly TrackedEvent[]): void;
  /** Complete lines from byte `offset`, at most about `maxBytes` of them. */
  read(offset: number, maxBytes?: number): { events: TrackedEvent[]; next: number; corrupt: number };
  /** Bytes waiting to be replayed. */
  size(): number;
  /** Empties the file once everything in it is stored. */
  clear(): void;
  close(): void;
}

export function openSpool(dir: string, pid = process.pid, host = hostname()): Spool {
  mkdirSync(dir, { recursive: true, mode: 0o700 }); // events are the fans' data: the owner's only
  const hostPart = host.replace(/[^\w.-]/g, '_');
  const path = join(dir, `spool-${hostPart}-${pid}.ndjson`);
  const fd = openSync(path, 'a+', 0o600);
  dropTornTail(fd);
  adoptOrphans(dir, hostPart, pid, fd);
  let open = true;

  return {
    path,
    openError: null,
    append(events) {
      if (events.length === 0) return;
      const buf = Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const before = fstatSync(fd).size;
      try {
        // A full disk or a file-size limit first shortens a write, then fails the next one.
        for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done);
        fdatasyncSync(fd);
      } catch (err) {
        try {
          ftruncateSync(fd, before); // no half batch left behind: the caller keeps the whole batch
        } catch {
          // the torn tail is cut at the next start (dropTornTail)
        }
        throw err;
      }
    },
    read(offset, maxBytes = 4 << 20) {
      const size = fstatSync(fd).size;
      const length = Math.min(size - offset, maxBytes);
      if (length <= 0) return { events: [], next: offset, corrupt: 0 };
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      let end = buf.lastIndexOf(0x0a) + 1;
      if (end === 0) {
        // one line longer than maxBytes: read it whole
        return this.read(offset, maxBytes * 2);
      }
      const events: TrackedEvent[] = [];
      let corrupt = 0;
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          events.push(JSON.parse(line) as TrackedEvent);
        } catch {
          corrupt++;
        }
      }
      return { events, next: offset + end, corrupt };
    },
    size: () => (open ? fstatSync(fd).size : 0),
    clear() {
      ftruncateSync(fd, 0);
      fdatasyncSync(fd);
    },
    close() {
      open = false;
      closeSync(fd);
    },
  };
}

/**
 * Opens the spool, or, when the directory cannot be created or written (a path that is a file, a
 * read-only or full disk), a spool that refuses every append with that error: the process still
 * serves, and the writer reports the error (`spoolError`) instead of crashing at start.
 */
export function openSpoolOrReport(dir: string): Spool {
  try {
    return openSpool(dir);
  } catch (err) {
    return unavailableSpool(join(dir, `spool-${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}.ndjson`), err as Error);
  }
}

function unavailableSpool(path: string, openError: Error): Spool {
  return {
    path,
    openError,
    append(events) {
      if (events.length > 0) throw openError;
    },
    read: (offset) => ({ events: [], next: offset, corrupt: 0 }),
    size: () => 0,
    clear: () => undefined,
    close: () => undefined,
  };
}

/** A crash in the middle of a write can leave half a line at the end: cut it off. */
function dropTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  const chunk = Buffer.alloc(Math.min(size, 1 << 16));
  // Walk back from the end to the last newline; everything after it is the torn line.
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, end - start).lastIndexOf(0x0a);
    if (newline >= 0) {
      if (start + newline + 1 < size) ftruncateSync(fd, start + newline + 1);
      return;
    }
    end = start;
  }
  if (size > 0) ftruncateSync(fd, 0); // not one complete line
}

/**
 * Moves the content of spool files whose process (on this host) is gone into this process's
 * spool. An orphan is first renamed to `<name>.adopting-<pid>` (atomic: one process wins it); a
 * claim whose claimant died before finishing is an orphan too.
 */
function adoptOrphans(dir: string, host: string, ownPid: number, fd: number): void {
  for (const name of readdirSync(dir)) {
    const match = /^spool-(.+)-(\d+)\.ndjson(?:\.adopting-(\d+))?$/.exec(name);
    if (!match || match[1] !== host) continue;
    const owner = Number(match[3] ?? match[2]);
    if (owner === ownPid || isAlive(owner)) continue;
    const claimed = join(dir, `${name.replace(/\.adopting-\d+$/, '')}.adopting-${ownPid}`);
    try {
      renameSync(join(dir, name), claimed);
    } catch {
      continue;
    }
    const content = readFileSync(claimed, 'utf8');
    const complete = content.slice(0, content.lastIndexOf('\n') + 1);
    if (complete) {
      writeSync(fd, complete);
      fdatasyncSync(fd);
    }
    if (existsSync(claimed)) unlinkSync(claimed);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

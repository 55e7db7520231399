import { appendFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from './event.js';
import { openSpool } from './spool.js';

const ev = (id: string) => ({ event_id: id }) as TrackedEvent;
const dir = () => mkdtempSync(join(tmpdir(), 'dt-spool-'));

describe('spool', () => {
  it('reads back what was appended, in order, from any offset', () => {
    const spool = openSpool(dir(), 1);
    spool.append([ev('a'), ev('b')]);
    spool.append([ev('c')]);
    const all = spool.read(0);
    expect(all.events.map((e) => e.event_id)).toEqual(['a', 'b', 'c']);
    expect(spool.read(all.next).events).toEqual([]);
    spool.clear();
    expect(spool.size()).toBe(0);
    spool.close();
  });

  it('cuts a torn last line left by a crash in the middle of a write', () => {
    const d = dir();
    writeFileSync(join(d, 'spool-h-1.ndjson'), '{"event_id":"a"}\n{"event_id":"b"}\n{"event_i');
    const spool = openSpool(d, 1, 'h');
    spool.append([ev('c')]);
    expect(spool.read(0).events.map((e) => e.event_id)).toEqual(['a', 'b', 'c']);
    spool.close();
  });

  it('skips and counts lines that are not JSON', () => {
    const d = dir();
    writeFileSync(join(d, 'spool-h-1.ndjson'), '{"event_id":"a"}\nnot json\n');
    const spool = openSpool(d, 1, 'h');
    expect(spool.read(0)).toMatchObject({ events: [{ event_id: 'a' }], corrupt: 1 });
    spool.close();
  });

  it('adopts the spool of a process of this host that is gone; leaves live ones and other hosts’ alone', () => {
    const d = dir();
    const deadPid = 2 ** 22 + 12345; // above pid_max: never alive
    writeFileSync(join(d, `spool-h-${deadPid}.ndjson`), '{"event_id":"orphan"}\n');
    appendFileSync(join(d, `spool-h-${process.pid}.ndjson`), '{"event_id":"live"}\n');
    writeFileSync(join(d, `spool-other-host-${deadPid}.ndjson`), '{"event_id":"elsewhere"}\n');
    const spool = openSpool(d, 7, 'h');
    expect(spool.read(0).events.map((e) => e.event_id)).toEqual(['orphan']);
    expect(readdirSync(d).sort()).toEqual([`spool-h-${process.pid}.ndjson`, 'spool-h-7.ndjson', `spool-other-host-${deadPid}.ndjson`].sort());
    spool.close();
  });

  it('cuts a torn line longer than the read chunk, and empties a file with no complete line', () => {
    const d = dir();
    writeFileSync(join(d, 'spool-h-1.ndjson'), `{"event_id":"a"}\n{"event_id":"${'x'.repeat(200_000)}`);
    const spool = openSpool(d, 1, 'h');
    expect(spool.read(0).events.map((e) => e.event_id)).toEqual(['a']);
    spool.close();
    const e = dir();
    writeFileSync(join(e, 'spool-h-1.ndjson'), '{"event_id":"torn');
    const empty = openSpool(e, 1, 'h');
    expect(empty.size()).toBe(0);
    empty.close();
  });

  it('adopts a claim whose claimant died before finishing it', () => {
    const d = dir();
    const deadPid = 2 ** 22 + 12346;
    writeFileSync(join(d, `spool-h-${deadPid}.ndjson.adopting-${deadPid + 1}`), '{"event_id":"half-adopted"}\n');
    const spool = openSpool(d, 7, 'h');
    expect(spool.read(0).events.map((e) => e.event_id)).toEqual(['half-adopted']);
    expect(readdirSync(d)).toEqual(['spool-h-7.ndjson']);
    spool.close();
  });
});

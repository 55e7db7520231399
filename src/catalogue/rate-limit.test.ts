import { describe, expect, it } from 'vitest';
import { createRateQueue, RateLimited } from './rate-limit.js';

/** A clock that sleeping advances, so the queue's waits can be read without waiting. */
function fakeTime() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      slept.push(Math.round(ms));
      now += ms;
    },
    slept,
    advance: (ms: number) => (now += ms),
  };
}

describe('rate queue', () => {
  it('lets a burst through at once, then spaces calls at the rate', async () => {
    const t = fakeTime();
    const q = createRateQueue({ burst: 2, perSecond: 1 }, t.clock, t.sleep);
    for (let i = 0; i < 4; i++) await q.take(t.clock() + 10_000);
    expect(t.slept).toEqual([1000, 1000]);
  });

  it('queues concurrent callers one behind the other', async () => {
    const t = fakeTime();
    const sleeps: number[] = [];
    const q = createRateQueue({ burst: 1, perSecond: 1 }, t.clock, async (ms) => void sleeps.push(ms));
    // turns are reserved when asked: the third caller is told to wait two seconds
    await Promise.all([q.take(t.clock() + 10_000), q.take(t.clock() + 10_000), q.take(t.clock() + 10_000)]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('refuses a call that would wait beyond the deadline, saying when to retry', async () => {
    const t = fakeTime();
    const q = createRateQueue({ burst: 1, perSecond: 0.1 }, t.clock, t.sleep);
    await q.take(t.clock() + 8000);
    const refused = q.take(t.clock() + 8000);
    await expect(refused).rejects.toBeInstanceOf(RateLimited);
    await expect(refused).rejects.toThrow('retry in 10 s');
    expect(t.slept).toEqual([]); // refused without waiting, and without taking a turn:
    t.advance(10_000);
    await q.take(t.clock()); // the token that came back is there
  });

  it('pauses every call until the time the API gave (Retry-After)', async () => {
    const t = fakeTime();
    const q = createRateQueue({ burst: 5, perSecond: 5 }, t.clock, t.sleep);
    q.pauseUntil(t.clock() + 3000);
    await q.take(t.clock() + 8000);
    expect(t.slept).toEqual([3000]);
    q.pauseUntil(t.clock() + 30_000);
    await expect(q.take(t.clock() + 8000)).rejects.toThrow('retry in 30 s');
  });
});

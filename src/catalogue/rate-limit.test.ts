import { describe, expect, it } from 'vitest';
import { createRateQueue, fairShare, RateLimited } from './rate-limit.js';

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
    const q = createRateQueue({ burst: 2, perSecond: 1 }, t);
    for (let i = 0; i < 4; i++) await q.take(t.clock() + 10_000);
    expect(t.slept).toEqual([1000, 1000]);
  });

  it('queues concurrent callers one behind the other', async () => {
    const t = fakeTime();
    const sleeps: number[] = [];
    const q = createRateQueue({ burst: 1, perSecond: 1 }, { clock: t.clock, sleep: async (ms) => void sleeps.push(ms) });
    // turns are reserved when asked: the third caller is told to wait two seconds
    await Promise.all([q.take(t.clock() + 10_000), q.take(t.clock() + 10_000), q.take(t.clock() + 10_000)]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('refuses a call that would wait beyond the deadline, saying when to retry', async () => {
    const t = fakeTime();
    const q = createRateQueue({ burst: 1, perSecond: 0.1 }, t);
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
    const q = createRateQueue({ burst: 5, perSecond: 5 }, t);
    q.pauseUntil(t.clock() + 3000);
    await q.take(t.clock() + 8000);
    expect(t.slept).toEqual([3000]);
    q.pauseUntil(t.clock() + 30_000);
    await expect(q.take(t.clock() + 8000)).rejects.toThrow('retry in 30 s');
  });

  describe('shared fairly between owners', () => {
    /** A sleep that waits until the test lets it go, so calls stay queued. */
    function heldTime() {
      const t = fakeTime();
      const held: (() => void)[] = [];
      return { ...t, sleep: () => new Promise<void>((resolve) => held.push(resolve)), release: () => held.splice(0).forEach((go) => go()) };
    }

    it('refuses an owner’s call at once beyond its share of waiting calls, while another owner’s call still gets a turn', async () => {
      const t = heldTime();
      const q = createRateQueue({ burst: 1, perSecond: 1 }, { clock: t.clock, sleep: t.sleep, maxQueuedPerOwner: 2 });
      const deadline = t.clock() + 8000;
      await q.take(deadline, 'a'); // the burst: served at once, not counted
      const waiting = [q.take(deadline, 'a'), q.take(deadline, 'a')]; // a's share: two calls waiting
      const refused = q.take(deadline, 'a');
      await expect(refused).rejects.toMatchObject({ reason: 'share' });
      await expect(refused).rejects.toThrow('retry in 3 s');
      const other = q.take(deadline, 'b'); // b queues behind a's two, within the bound
      t.release();
      await Promise.all([...waiting, other]);
      // a's waiting calls are done: its next one may queue again
      const again = q.take(t.clock() + 8000, 'a');
      t.release();
      await expect(again).resolves.toBeUndefined();
    });

    it('does not count waits behind an API’s pause (every owner waits them) against the share', async () => {
      const t = fakeTime();
      const sleeps: number[] = [];
      const q = createRateQueue({ burst: 5, perSecond: 5 }, { clock: t.clock, sleep: async (ms) => void sleeps.push(ms), maxQueuedPerOwner: 1 });
      q.pauseUntil(t.clock() + 1000);
      await Promise.all([q.take(t.clock() + 8000, 'a'), q.take(t.clock() + 8000, 'a'), q.take(t.clock() + 8000, 'a')]);
      expect(sleeps).toEqual([1000, 1000, 1000]);
    });

    it.each([
      ['Deezer, 10 a second', { burst: 50, perSecond: 10 }, 40],
      ['iTunes, 20 a minute', { burst: 20, perSecond: 1 / 3 }, 1],
      ['Odesli without a key, 10 a minute', { burst: 10, perSecond: 1 / 6 }, 1],
      ['MusicBrainz, 1 a second', { burst: 1, perSecond: 1 }, 4],
    ])('gives an owner half of what %s serves within an 8 s wait (at least one)', (_name, limit, share) => expect(fairShare(limit, 8000)).toBe(share));
  });
});

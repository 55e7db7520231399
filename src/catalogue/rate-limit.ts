// One queue per provider: a token bucket (each API's documented rate, with its burst) that a call
// waits for instead of failing, and a pause when the API itself says "too many" (HTTP 429 and its
// Retry-After). Waits are bounded: a call that would wait longer than the bound is refused at once
// with the time to retry, rather than holding the editor's request open.
//
// The quotas are the whole installation's, so the queue is shared fairly: each owner (a client)
// may have only so many calls waiting for a token at once (its share); beyond that its next call is
// refused at once, without taking a turn, and the other clients' calls keep flowing. Calls the
// burst serves at once, and waits behind an API's own pause, do not count against the share.

export interface RateLimit {
  /** Calls allowed at once after a quiet period. */
  readonly burst: number;
  /** Calls per second in the long run. */
  readonly perSecond: number;
}

export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    /** `share`: the owner already has its share of the queue waiting; `queue`: the queue is full for everyone. */
    readonly reason: 'queue' | 'share' = 'queue',
  ) {
    super(`rate limit reached: retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`);
  }
}

export interface RateQueue {
  /** Waits for this call's turn; throws RateLimited when it would come after `deadline` (epoch ms) or `owner` has its share waiting. */
  take(deadline: number, owner?: string): Promise<void>;
  /** The API said to wait until `until` (epoch ms): every call queues behind it. */
  pauseUntil(until: number): void;
}

export interface RateQueueOptions {
  /** The most calls one owner may have waiting for a token (default: no bound). See fairShare. */
  readonly maxQueuedPerOwner?: number;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * An owner's share of a queue: half the calls the provider serves within the wait bound (at least
 * one). One client can then fill at most half of what the bound lets wait; another's call still
 * gets a turn in time.
 */
export function fairShare(limit: RateLimit, maxWaitMs: number): number {
  return Math.max(1, Math.floor((limit.perSecond * maxWaitMs) / 1000 / 2));
}

export function createRateQueue(limit: RateLimit, { maxQueuedPerOwner = Infinity, clock = Date.now, sleep = delay }: RateQueueOptions = {}): RateQueue {
  let tokens = limit.burst; // below zero: calls already queued for future tokens
  let refilledAt = clock();
  let pausedUntil = 0;
  const queued = new Map<string, number>(); // owner → its calls waiting for a token

  const count = (owner: string, delta: number) => {
    const n = (queued.get(owner) ?? 0) + delta;
    if (n > 0) queued.set(owner, n);
    else queued.delete(owner);
  };

  return {
    async take(deadline, owner) {
      const now = clock();
      tokens = Math.min(limit.burst, tokens + ((now - refilledAt) / 1000) * limit.perSecond);
      refilledAt = now;
      const forToken = tokens >= 1 ? 0 : ((1 - tokens) / limit.perSecond) * 1000;
      const wait = Math.max(forToken, pausedUntil - now);
      if (now + wait > deadline) throw new RateLimited(wait);
      const counted = forToken > 0 && owner !== undefined;
      if (counted && (queued.get(owner) ?? 0) >= maxQueuedPerOwner) throw new RateLimited(wait, 'share');
      tokens -= 1; // reserved: the next caller queues behind this one
      if (wait <= 0) return;
      if (counted) count(owner, 1);
      try {
        await sleep(wait);
      } finally {
        if (counted) count(owner, -1);
      }
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

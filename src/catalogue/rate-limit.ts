// One queue per provider: a token bucket (each API's documented rate, with its burst) that a call
// waits for instead of failing, and a pause when the API itself says "too many" (HTTP 429 and its
// Retry-After). Waits are bounded: a call that would wait longer than the bound is refused at once
// with the time to retry, rather than holding the editor's request open.

export interface RateLimit {
  /** Calls allowed at once after a quiet period. */
  readonly burst: number;
  /** Calls per second in the long run. */
  readonly perSecond: number;
}

export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limit reached: retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`);
  }
}

export interface RateQueue {
  /** Waits for this call's turn; throws RateLimited when it would come after `deadline` (epoch ms). */
  take(deadline: number): Promise<void>;
  /** The API said to wait until `until` (epoch ms): every call queues behind it. */
  pauseUntil(until: number): void;
}

export function createRateQueue(limit: RateLimit, clock: () => number = Date.now, sleep = delay): RateQueue {
  let tokens = limit.burst; // below zero: calls already queued for future tokens
  let refilledAt = clock();
  let pausedUntil = 0;

  return {
    async take(deadline) {
      const now = clock();
      tokens = Math.min(limit.burst, tokens + ((now - refilledAt) / 1000) * limit.perSecond);
      refilledAt = now;
      const forToken = tokens >= 1 ? 0 : ((1 - tokens) / limit.perSecond) * 1000;
      const wait = Math.max(forToken, pausedUntil - now);
      if (now + wait > deadline) throw new RateLimited(wait);
      tokens -= 1; // reserved: the next caller queues behind this one
      if (wait > 0) await sleep(wait);
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

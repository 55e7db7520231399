// The backoff behind the sign-in throttle, as pure functions over one key's attempts. A check is
// claimed (counted as a failure) BEFORE the password is verified, so parallel guesses are counted
// as they arrive; a check that turns out right is taken back afterwards. The first `free - 1`
// failures cost nothing; the `free`-th and each later one make the key wait, twice as long each
// time (up to `maxWaitMs`). A key with no attempt for `forgetMs` starts afresh.

export interface ThrottlePolicy {
  /** Failures in a row before the first wait. */
  readonly free: number;
  /** The wait after the `free`-th failure; each further one doubles it. */
  readonly firstWaitMs: number;
  readonly maxWaitMs: number;
  /** A key untouched this long is forgotten. */
  readonly forgetMs: number;
}

/** One key's state: failures counted, no check before `blockedUntil`, forgotten at `expiresAt`. */
export interface Attempts {
  readonly failures: number;
  readonly blockedUntil: number;
  readonly expiresAt: number;
}

export type Claim = { readonly ok: true; readonly next: Attempts } | { readonly ok: false; readonly retryAfterMs: number };

/** The wait that the `failures`-th failure in a row imposes. */
export function waitAfter(policy: ThrottlePolicy, failures: number): number {
  return failures < policy.free ? 0 : Math.min(policy.maxWaitMs, policy.firstWaitMs * 2 ** (failures - policy.free));
}

/** Claims one check at `now`: the state that counts it, or how long to wait first. */
export function claim(policy: ThrottlePolicy, current: Attempts | null, now: number): Claim {
  const live = current !== null && current.expiresAt > now ? current : null;
  if (live !== null && live.blockedUntil > now) return { ok: false, retryAfterMs: live.blockedUntil - now };
  const failures = (live?.failures ?? 0) + 1;
  const wait = waitAfter(policy, failures);
  // No wait: 0 rather than `now`, which a parallel request that read its clock a moment earlier would take for one.
  return { ok: true, next: { failures, blockedUntil: wait > 0 ? now + wait : 0, expiresAt: now + policy.forgetMs } };
}

/**
 * Takes back one claimed check that was no failure (the password was right, or another key
 * refused the check). The count goes down; a wait already started stays, unless the count is
 * now below the first wait.
 */
export function refund(policy: ThrottlePolicy, current: Attempts): Attempts {
  const failures = Math.max(0, current.failures - 1);
  return { ...current, failures, blockedUntil: failures < policy.free ? 0 : current.blockedUntil };
}

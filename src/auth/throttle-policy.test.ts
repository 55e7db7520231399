import { describe, expect, it } from 'vitest';
import { claim, refund, type Attempts, type ThrottlePolicy } from './throttle-policy.js';

const POLICY: ThrottlePolicy = { free: 3, firstWaitMs: 1_000, maxWaitMs: 5_000, forgetMs: 100_000 };
const at = (failures: number, blockedUntil = 0, expiresAt = 100_000): Attempts => ({ failures, blockedUntil, expiresAt });

describe('claiming a password check', () => {
  it.each<[string, Attempts | null, number, ReturnType<typeof claim>]>([
    ['a new key: checked, no wait', null, 10, { ok: true, next: at(1, 0, 100_010) }],
    ['below the free failures: checked, no wait', at(1), 10, { ok: true, next: at(2, 0, 100_010) }],
    ['the free-th failure starts the first wait', at(2), 10, { ok: true, next: at(3, 1_010, 100_010) }],
    ['while waiting: refused with the time left', at(3, 1_010), 400, { ok: false, retryAfterMs: 610 }],
    ['once the wait is over, the next failure doubles it', at(3, 1_010), 1_010, { ok: true, next: at(4, 3_010, 101_010) }],
    ['and doubles again', at(4, 3_010), 3_010, { ok: true, next: at(5, 7_010, 103_010) }],
    ['never beyond the longest wait', at(9, 7_010), 7_010, { ok: true, next: at(10, 12_010, 107_010) }],
    ['a forgotten key starts afresh', at(9, 7_010, 107_010), 107_010, { ok: true, next: at(1, 0, 207_010) }],
  ])('%s', (_name, current, now, expected) => {
    expect(claim(POLICY, current, now)).toEqual(expected);
  });
});

describe('taking a check back', () => {
  it.each<[string, Attempts, Attempts]>([
    ['below the first wait: one failure less', at(2, 10), at(1, 0)],
    ['the check that started the first wait: the wait goes too', at(3, 1_010), at(2, 0)],
    ['beyond it: one failure less, the wait started stays', at(5, 7_010), at(4, 7_010)],
    ['nothing counted: nothing to take back', at(0, 0), at(0, 0)],
  ])('%s', (_name, current, expected) => {
    expect(refund(POLICY, current)).toEqual(expected);
  });
});

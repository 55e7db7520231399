import { describe, expect, it } from 'vitest';
import { formatCountOf } from './format';

describe('formatCountOf', () => {
  it.each([
    [0, '0 views'],
    [1, '1 view'],
    [2, '2 views'],
    [1204, '1,204 views'],
  ])('%d → %s', (n, expected) => {
    expect(formatCountOf(n, 'view', 'views')).toBe(expected);
  });
});

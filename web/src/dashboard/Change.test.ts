import { describe, expect, it } from 'vitest';
import { direction } from './Change';

describe('the direction of a change', () => {
  it.each([
    [12.5, 'up'],
    [-3, 'down'],
    [0, 'same'],
    [null, 'none'],
  ] as const)('%s → %s', (change, expected) => expect(direction(change)).toBe(expected));
});

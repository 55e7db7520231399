import { describe, expect, it } from 'vitest';
import { niceMax } from './TimeChart';

describe('the y axis of a chart', () => {
  it.each([
    [0, 1],
    [1, 1],
    [7, 8],
    [83, 100],
    [101, 150],
    [1234, 1500],
  ])('goes up to %d → %d', (max, expected) => expect(niceMax(max)).toBe(expected));
});

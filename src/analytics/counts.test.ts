import { describe, expect, it } from 'vitest';
import { addCounts, COUNTS, isEmpty, noCounts } from './counts.js';

describe('counts', () => {
  it.each(COUNTS)('addCounts adds %s (each count of the list, spelled out there for speed)', (count) => {
    const to = { ...noCounts(), [count]: 2 };
    addCounts(to, { ...noCounts(), [count]: 3 });
    expect(to).toEqual({ ...noCounts(), [count]: 5 });
  });

  it('calls a row empty when every count is zero, revenue within a millionth of a cent', () => {
    expect(isEmpty(noCounts())).toBe(true);
    expect(isEmpty({ ...noCounts(), revenue: 0.1 + 0.2 - 0.3 })).toBe(true);
    expect(isEmpty({ ...noCounts(), revenue: 0.01 })).toBe(false);
    expect(isEmpty({ ...noCounts(), browser_views_stored: -1 })).toBe(false);
  });
});

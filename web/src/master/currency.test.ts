import { describe, expect, it } from 'vitest';
import { commonCurrency } from './currency';

describe('the currency of the total revenue', () => {
  it.each([
    ['no client', [], null],
    ['one currency', [{ currency: 'EUR', revenue: 3 }, { currency: 'EUR', revenue: 1 }], 'EUR'],
    ['none named', [{ currency: null, revenue: 3 }], null],
    ['clients without revenue do not count', [{ currency: 'EUR', revenue: 3 }, { currency: 'USD', revenue: 0 }], 'EUR'],
    ['several: no total', [{ currency: 'EUR', revenue: 3 }, { currency: 'USD', revenue: 2 }], 'mixed'],
    ['one named, one not: several', [{ currency: 'EUR', revenue: 3 }, { currency: null, revenue: 2 }], 'mixed'],
  ] as const)('%s', (_, clients, expected) => expect(commonCurrency(clients)).toBe(expected));
});

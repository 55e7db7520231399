import { describe, expect, it } from 'vitest';
import { createIpMemory } from './ip-memory.js';

describe('the in-memory IPs', () => {
  it('recalls an address within its TTL only', () => {
    const memory = createIpMemory({ ttlMs: 1000 });
    memory.remember('e1', '81.2.69.142', 0);
    expect(memory.recall('e1', 999)).toBe('81.2.69.142');
    expect(memory.recall('e1', 1000)).toBeNull();
    expect(memory.recall('unknown', 0)).toBeNull();
  });

  it('stays bounded, forgetting the oldest first', () => {
    const memory = createIpMemory({ ttlMs: 60_000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) memory.remember(`e${i}`, `10.0.0.${i}`, i);
    expect(memory.size).toBe(3);
    expect(memory.recall('e9', 10)).toBe('10.0.0.9');
    expect(memory.recall('e6', 10)).toBeNull();
  });

  it('drops expired entries as new ones arrive', () => {
    const memory = createIpMemory({ ttlMs: 100 });
    memory.remember('old', '10.0.0.1', 0);
    memory.remember('new', '10.0.0.2', 500);
    expect(memory.size).toBe(1);
  });
});

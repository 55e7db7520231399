// The providers' answers, kept for a while (CATALOGUE_CACHE_MS) by request URL: resolving the same
// release again, or the editor typing the same code twice, costs no call and no rate-limit turn.
// Only definitive answers are kept (found, or not found); failures are asked again next time. A
// caller may accept only younger answers (a rescan: RESCAN_MAX_AGE_MS); an older one is asked again.
import { LRUCache } from 'lru-cache';

export interface AnswerCache<V extends object> {
  /** The answer kept for `key`, if it is at most `maxAgeMs` old (default: any the cache still holds). */
  get(key: string, maxAgeMs?: number): V | undefined;
  set(key: string, value: V): void;
}

export function createAnswerCache<V extends object>(ttlMs: number, { max = 5000, clock = Date.now }: { max?: number; clock?: () => number } = {}): AnswerCache<V> {
  if (ttlMs === 0) return { get: () => undefined, set: () => {} };
  const lru = new LRUCache<string, { value: V; at: number }>({ max, ttl: ttlMs, perf: { now: clock } });
  return {
    get(key, maxAgeMs = ttlMs) {
      const entry = lru.get(key);
      return entry && clock() - entry.at <= maxAgeMs ? entry.value : undefined;
    },
    set: (key, value) => void lru.set(key, { value, at: clock() }),
  };
}

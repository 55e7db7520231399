// The providers' answers, kept for a while (CATALOGUE_CACHE_MS) by request URL: resolving the same
// release again, or the editor typing the same code twice, costs no call and no rate-limit turn.
// Only definitive answers are kept (found, or not found); failures are asked again next time.
import { LRUCache } from 'lru-cache';

export interface AnswerCache<V extends object> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

export function createAnswerCache<V extends object>(ttlMs: number, max = 5000): AnswerCache<V> {
  if (ttlMs === 0) return { get: () => undefined, set: () => {} };
  const lru = new LRUCache<string, V>({ max, ttl: ttlMs });
  return { get: (key) => lru.get(key), set: (key, value) => void lru.set(key, value) };
}

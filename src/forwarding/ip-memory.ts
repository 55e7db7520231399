// The fans' full IP addresses for Meta, TikTok and GA4, in process memory only: bounded, short-lived,
// keyed by event id, never written anywhere (the durable delivery holds no address at all).
// A delivery first sent by this process within the TTL sends the full address; a retry after it,
// a restart or another node sends none (a truncated address would be a false one; match quality drops).

export interface IpMemory {
  remember(eventId: string, ip: string, now?: number): void;
  recall(eventId: string, now?: number): string | null;
  readonly size: number;
}

export function createIpMemory({ ttlMs = 120_000, maxEntries = 50_000 } = {}): IpMemory {
  const entries = new Map<string, { ip: string; until: number }>(); // insertion order = age
  const evict = (now: number) => {
    for (const [key, entry] of entries) {
      if (entry.until > now && entries.size <= maxEntries) break;
      entries.delete(key);
    }
  };
  return {
    remember(eventId, ip, now = Date.now()) {
      if (!ip) return;
      entries.delete(eventId);
      entries.set(eventId, { ip, until: now + ttlMs });
      evict(now);
    },
    recall(eventId, now = Date.now()) {
      const entry = entries.get(eventId);
      return entry && entry.until > now ? entry.ip : null;
    },
    get size() {
      return entries.size;
    },
  };
}

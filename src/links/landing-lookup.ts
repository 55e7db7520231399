// Finds what a page request shows: (Host, slug) → the live smartlink and its client.
// Cached for a few seconds; when the database fails, the last known answer keeps pages up.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { findClientByDomain, getClient, type Client } from '../tenants/client.js';
import { getSmartlinkBySlug, type Smartlink } from './smartlink.js';

export interface Landing {
  readonly client: Client;
  readonly smartlink: Smartlink;
}

export interface LandingLookup {
  /** The live smartlink for this host and slug, or null (unknown, not live, or another client's on a custom domain). */
  find(host: string, slug: string): Promise<Landing | null>;
  /** The client whose custom domain this is, for branding the 404 page. */
  domainClient(host: string): Promise<Client | null>;
  /** Reloads everything on next use, after a change to clients or smartlinks made on this node (old values stay as the outage fallback). */
  invalidate(): void;
}

export function createLandingLookup(db: Kysely<Schema>, ttlMs = 5000): LandingLookup {
  const domains = staleWhileErrorCache<Client | null>(ttlMs);
  const landings = staleWhileErrorCache<Landing | null>(ttlMs);

  const domainClient = (host: string) => domains.get(host, async () => (await findClientByDomain(db, host)) ?? null);

  return {
    domainClient,
    invalidate() {
      domains.expireAll();
      landings.expireAll();
    },
    find: (host, slug) =>
      landings.get(`${host}\n${slug}`, async () => {
        const [owner, smartlink] = await Promise.all([domainClient(host), getSmartlinkBySlug(db, slug)]);
        if (!smartlink || smartlink.status !== 'live') return null;
        if (owner && owner.id !== smartlink.clientId) return null;
        const client = owner ?? (await getClient(db, smartlink.clientId));
        return client ? { client, smartlink } : null;
      }),
  };
}

/**
 * A TTL cache. Concurrent misses of one key share one load; a failed load falls back to the last
 * value, however old; expiring keeps that fallback. Bounded in size.
 */
function staleWhileErrorCache<V>(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, { value: V; expires: number }>();
  const loading = new Map<string, Promise<V>>();
  return {
    get(key: string, load: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value);
      let pending = loading.get(key);
      if (!pending) {
        pending = load()
          .then(
            (value) => {
              if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value as string);
              entries.set(key, { value, expires: Date.now() + ttlMs });
              return value;
            },
            (err: unknown) => {
              if (hit) return hit.value;
              throw err;
            },
          )
          .finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return pending;
    },
    expireAll(): void {
      for (const entry of entries.values()) entry.expires = 0;
    },
  };
}

// Finds what a page request shows: (Host, slug) → the live smartlink and its client.
// Cached for a few seconds; when the database fails, the last known answer keeps pages up.
// A change to clients or smartlinks made on any node expires every node's cache at once (a
// database notification); the time limit is only the safety net.
// The TLS `ask` reads the custom domains served as one set (one query, cached like the rest): a
// flood of asks for made-up names is answered from memory, with no database read and no cache
// entry pushing a real domain's client out.
import type { Database } from '../db/database.js';
import { findClientByDomain, getClient, servedCustomDomains, type Client } from '../tenants/client.js';
import { getSmartlinkBySlug, type Smartlink } from './smartlink.js';

export interface Landing {
  readonly client: Client;
  readonly smartlink: Smartlink;
}

export interface LandingLookup {
  /** The live smartlink for this host and slug, or null (unknown, not live, or another client's on a custom domain). */
  find(host: string, slug: string): Promise<Landing | null>;
  /** Whether this host and slug named a page that no longer serves: an archived smartlink, or any of an archived client (410). */
  gone(host: string, slug: string): Promise<boolean>;
  /** The client whose verified custom domain this is (its 404 page's branding), or null. */
  domainClient(host: string): Promise<Client | null>;
  /** Whether this host is a custom domain served now (the TLS `ask`). */
  servesDomain(host: string): Promise<boolean>;
  /**
   * After a change to clients or smartlinks: this node reloads everything on next use, and tells
   * the others to (old values stay as the outage fallback).
   */
  invalidate(): void;
  /** Stops listening for other nodes' changes. */
  close(): Promise<void>;
}

const CHANNEL = 'landings';

export function createLandingLookup(database: Database, ttlMs: number, onError: (err: Error) => void): LandingLookup {
  const { db } = database;
  const served = staleWhileErrorCache<ReadonlySet<string>>(ttlMs);
  const domains = staleWhileErrorCache<Client | null>(ttlMs);
  const landings = staleWhileErrorCache<Landing | 'gone' | null>(ttlMs);
  const expireAll = () => {
    served.expireAll();
    domains.expireAll();
    landings.expireAll();
  };
  const stopListening = database.listen(CHANNEL, expireAll);

  const domainClient = (host: string) => domains.get(host, async () => (await findClientByDomain(db, host)) ?? null);
  const servesDomain = async (host: string) => (await served.get('', () => servedCustomDomains(db))).has(host);

  return {
    domainClient,
    servesDomain,
    invalidate() {
      expireAll();
      database.notify(CHANNEL).catch(onError); // the other nodes' caches expire by themselves meanwhile
    },
    close: stopListening,
    find: async (host, slug) => {
      const found = await landing(host, slug);
      return found === 'gone' ? null : found;
    },
    gone: async (host, slug) => (await landing(host, slug)) === 'gone',
  };

  /** What the page of this host and slug is: live, gone (archived, or of an archived client), or nothing (unknown, draft, another client's domain). */
  function landing(host: string, slug: string): Promise<Landing | 'gone' | null> {
    return landings.get(`${host}\n${slug}`, async () => {
      const [owner, smartlink] = await Promise.all([domainClient(host), getSmartlinkBySlug(db, slug)]);
      if (!smartlink || (owner && owner.id !== smartlink.clientId)) return null;
      const client = owner ?? (await getClient(db, smartlink.clientId));
      if (!client || smartlink.status === 'draft') return null;
      return smartlink.status === 'archived' || client.archivedAt !== null ? 'gone' : { client, smartlink };
    });
  }
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

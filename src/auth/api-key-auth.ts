// Authorization: Bearer dtk_… → the principal of a live API key. last_used_at is refreshed at
// most once a minute per key, so authentication stays a single indexed read.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { hashApiKey } from './api-keys.js';
import type { Principal } from './principal.js';

const TOUCH_EVERY_MS = 60_000;

export function createApiKeyAuth(db: Kysely<Schema>) {
  const touched = new Map<string, number>();
  return async function principalForKey(key: string, now = Date.now()): Promise<Principal | null> {
    if (!/^dtk_[\w-]{43}$/.test(key)) return null;
    const row = await db
      .selectFrom('api_keys')
      .select(['id', 'client_id', 'read_only'])
      .where('key_hash', '=', hashApiKey(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    if ((touched.get(row.id) ?? 0) + TOUCH_EVERY_MS < now) {
      touched.set(row.id, now);
      await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return { kind: 'key', id: row.id, role: row.client_id ? 'client' : 'master', clientId: row.client_id, readOnly: row.read_only === 1 };
  };
}

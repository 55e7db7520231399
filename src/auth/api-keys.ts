// API keys: master (client null) or per client, optionally read-only. The key is shown once;
// only its SHA-256 is stored (keys are 256 random bits, so a fast hash is enough).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface NewApiKey {
  readonly clientId: string | null;
  readonly name: string;
  readonly readOnly?: boolean;
}

export interface CreatedApiKey {
  readonly id: string;
  readonly key: string; // the only time the whole key exists outside the client's hands
  readonly prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(db: Kysely<Schema>, input: NewApiKey, now = Date.now()): Promise<CreatedApiKey> {
  const key = `dtk_${randomBytes(32).toString('base64url')}`;
  const created = { id: randomUUID(), key, prefix: key.slice(0, 12) };
  await db
    .insertInto('api_keys')
    .values({
      id: created.id,
      client_id: input.clientId,
      name: input.name,
      prefix: created.prefix,
      key_hash: hashApiKey(key),
      read_only: input.readOnly ? 1 : 0,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return created;
}

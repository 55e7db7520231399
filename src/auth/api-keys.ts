// API keys: master (client null) or per client, optionally read-only. The key is shown once;
// only its SHA-256 is stored (keys are 256 random bits, so a fast hash is enough).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { TenantScope } from '../tenants/scope.js';

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

/** What the API shows of a key: never its hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly clientId: string | null;
  readonly name: string;
  readonly prefix: string;
  readonly readOnly: boolean;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export async function listApiKeys(db: Kysely<Schema>, scope: TenantScope): Promise<ApiKeyInfo[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'client_id', 'name', 'prefix', 'read_only', 'created_at', 'last_used_at', 'revoked_at'])
    .$if(scope.clientId !== null, (qb) => qb.where('client_id', '=', scope.clientId as string))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    name: r.name,
    prefix: r.prefix,
    readOnly: r.read_only === 1,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiKey(db: Kysely<Schema>, id: string, now = Date.now()): Promise<void> {
  await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
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

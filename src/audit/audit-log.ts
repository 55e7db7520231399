// The audit log. Written in the same transaction as the change it records, so neither exists
// without the other.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface AuditEntry {
  readonly actor: string;
  readonly clientId: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export async function recordAudit(db: Kysely<Schema>, entry: AuditEntry, now = Date.now()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      ts: now,
      actor: entry.actor,
      client_id: entry.clientId,
      action: entry.action,
      target: entry.target,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

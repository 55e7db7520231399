// One import at a time per client, across app nodes: the client's slot is a lease row in the
// database. A second import meanwhile (on any node) is refused rather than queued, so no client can
// hold several imports' memory and work at once. The lease is renewed while its import runs; a
// node that dies stops renewing it, and once it has expired the next import takes it over.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

const MINUTE = 60_000;

export interface LeaseOptions {
  /** This app node's name in the lease rows (default: host, process and a random part). */
  readonly node?: string;
  /** How long a lease lasts unless renewed (default 10 minutes). */
  readonly leaseMs?: number;
  /** How often a held lease is renewed (default every minute). */
  readonly renewMs?: number;
  readonly now?: () => number;
}

export interface ImportLeases {
  /** Takes the client's lease: a function that releases it, or null while an import holds it. */
  take(clientKey: string): Promise<(() => Promise<void>) | null>;
}

export function importLeases(db: Kysely<Schema>, options: LeaseOptions = {}): ImportLeases {
  const { node = `${hostname()}/${process.pid}/${randomUUID()}`, leaseMs = 10 * MINUTE, renewMs = MINUTE, now = Date.now } = options;
  return {
    async take(clientKey) {
      const at = now();
      let expiresAt = at + leaseMs;
      // Inserted, or taken over from an expired holder, in one statement: of parallel takes, one wins.
      const taken = await db
        .insertInto('import_leases')
        .values({ client_key: clientKey, node, expires_at: expiresAt })
        .onConflict((oc) => oc.column('client_key').doUpdateSet({ node, expires_at: expiresAt }).where('import_leases.expires_at', '<=', at))
        .executeTakeFirst();
      if (Number(taken.numInsertedOrUpdatedRows ?? 0n) !== 1) return null;

      // The row is ours while it holds our node and last expiry (a lease lost and taken over is not).
      const ours = (eb: ExpressionBuilder<Schema, 'import_leases'>) => eb.and({ client_key: clientKey, node, expires_at: expiresAt });
      const renew = async () => {
        const next = now() + leaseMs;
        const renewed = await db.updateTable('import_leases').set({ expires_at: next }).where(ours).executeTakeFirst();
        if (Number(renewed.numUpdatedRows) === 1) expiresAt = next;
      };
      // One renewal at a time, and none left running when the lease is released.
      let renewing = Promise.resolve();
      const renewal = setInterval(() => {
        renewing = renewing.then(renew).catch(() => undefined); // tried again at the next renewal
      }, renewMs);
      renewal.unref();
      return async () => {
        clearInterval(renewal);
        await renewing;
        await db.deleteFrom('import_leases').where(ours).execute();
      };
    },
  };
}

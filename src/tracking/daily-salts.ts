// Daily salts for the cookieless visitor hash. Every node shares them through the database;
// today's and tomorrow's are kept, older ones are deleted, so yesterday's hashes can never be
// recomputed from an IP address and a user agent.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface DailySalts {
  /** The salt of the UTC day of `now`. Synchronous: the page path never waits for it. */
  saltFor(now: number): string;
  /** Creates today's and tomorrow's salts if missing, loads them, deletes the expired ones. */
  refresh(now?: number): Promise<void>;
}

function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

export function createDailySalts(db: Kysely<Schema>): DailySalts {
  const salts = new Map<string, string>();
  const newSalt = () => randomBytes(32).toString('base64url');

  return {
    saltFor(now) {
      const day = utcDay(now);
      let salt = salts.get(day);
      if (!salt) {
        // Database unreachable since before this day started: a local salt keeps counting
        // going (nodes may then disagree on uniques until the next refresh).
        salt = newSalt();
        salts.set(day, salt);
      }
      return salt;
    },
    async refresh(now = Date.now()) {
      const today = utcDay(now);
      for (const day of salts.keys()) if (day < today) salts.delete(day); // first, even if the database is away
      const days = [today, utcDay(now + DAY_MS)];
      for (const day of days) {
        await db.insertInto('salts').values({ day, salt: salts.get(day) ?? newSalt() }).onConflict((oc) => oc.column('day').doNothing()).execute();
      }
      const rows = await db.selectFrom('salts').select(['day', 'salt']).where('day', 'in', days).execute();
      for (const row of rows) salts.set(row.day, row.salt);
      await db.deleteFrom('salts').where('day', '<', today).execute();
    },
  };
}

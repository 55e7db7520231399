// Daily salts for the cookieless visitor hash. Every node shares them through the database, and a
// salt exists only while its day can use it: tomorrow's is created during the last hour of today
// (so that every node holds it before midnight), and a finished day's salt is forgotten and
// deleted at the first refresh after its midnight, about 25 hours after it was created (never
// more than 48). Yesterday's visitor ids can then no longer be recomputed from an IP address and
// a user agent.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface DailySalts {
  /** The salt of the UTC day of `now`. Synchronous: the page path never waits for it. */
  saltFor(now: number): string;
  /**
   * Forgets and deletes the salts of finished days, then creates (if missing) and loads today's,
   * and tomorrow's during the last hour of today.
   */
  refresh(now?: number): Promise<void>;
}

export interface DailySaltStore extends DailySalts {
  /** The UTC days whose salt this node holds in memory, in order. */
  heldDays(): string[];
}

/** How often each node refreshes (and, at the latest, just after each UTC midnight). */
export const SALT_REFRESH_MS = 5 * 60_000;
/** The midnight refresh runs this long after midnight, so that a timer firing early still finds the new day. */
const AFTER_MIDNIGHT_MS = 1_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** The days whose salt is needed at `now`: today, and tomorrow during the last hour of today. */
export function neededDays(now: number): string[] {
  const today = utcDay(now);
  return now - Date.parse(today) >= DAY_MS - HOUR_MS ? [today, utcDay(now + DAY_MS)] : [today];
}

/** Milliseconds until the next refresh: the interval, or just past the next UTC midnight when that comes first. */
export function nextRefreshDelay(now: number, intervalMs = SALT_REFRESH_MS): number {
  const untilMidnight = Date.parse(utcDay(now)) + DAY_MS - now;
  return Math.min(intervalMs, untilMidnight + AFTER_MIDNIGHT_MS);
}

export function createDailySalts(db: Kysely<Schema>): DailySaltStore {
  const salts = new Map<string, string>();
  let today = ''; // the latest day seen: a salt of an earlier day is never held again
  const newSalt = () => randomBytes(32).toString('base64url');
  const advanceTo = (day: string) => {
    if (day <= today) return;
    today = day;
    for (const held of salts.keys()) if (held < today) salts.delete(held);
  };

  return {
    saltFor(now) {
      const day = utcDay(now);
      let salt = salts.get(day);
      if (salt) return salt;
      // A finished day (a request straddling the midnight refresh): its salt is gone for good.
      if (day < today) return newSalt();
      // Database unreachable since before this day started: a local salt keeps counting going
      // (nodes may then disagree on uniques until the next refresh).
      advanceTo(day);
      salt = newSalt();
      salts.set(day, salt);
      return salt;
    },
    async refresh(now = Date.now()) {
      const needed = neededDays(now);
      advanceTo(needed[0] as string); // first, even if the database is away
      const days = needed.filter((day) => day >= today); // a clock set back never brings a finished day back
      for (const day of days) {
        await db.insertInto('salts').values({ day, salt: salts.get(day) ?? newSalt() }).onConflict((oc) => oc.column('day').doNothing()).execute();
      }
      const rows = days.length === 0 ? [] : await db.selectFrom('salts').select(['day', 'salt']).where('day', 'in', days).execute();
      for (const row of rows) salts.set(row.day, row.salt);
      await deleteExpiredSalts(db, now);
    },
    heldDays: () => [...salts.keys()].sort(),
  };
}

/** Deletes the salts of the UTC days before `now`'s. Returns how many. */
export async function deleteExpiredSalts(db: Kysely<Schema>, now: number): Promise<number> {
  const result = await db.deleteFrom('salts').where('day', '<', utcDay(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** How many salts deleteExpiredSalts would delete. */
export async function countExpiredSalts(db: Kysely<Schema>, now: number): Promise<number> {
  const row = await db.selectFrom('salts').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '<', utcDay(now)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Refreshes every `intervalMs`, and just after each UTC midnight. Failures are reported, never
 * thrown. Returns a stop function.
 */
export function startSaltRefresh(salts: DailySalts, onError: (err: Error) => void, intervalMs = SALT_REFRESH_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      salts.refresh().catch(onError).finally(schedule);
    }, nextRefreshDelay(Date.now(), intervalMs));
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

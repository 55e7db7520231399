// Daily salts live only while their day can use them: tomorrow's appears in the last hour of today,
// a finished day's is gone from the database and from every node's memory at the first refresh
// after midnight (never 48 hours after its creation), and every node hashes a fan the same way
// across midnight.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDailySalts, neededDays, nextRefreshDelay, startSaltRefresh, type DailySaltStore } from '../../src/tracking/daily-salts.js';
import { visitorIds } from '../../src/tracking/visitor.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('when salts are needed and refreshed', () => {
  it.each([
    { name: 'midday: today only', now: '2026-05-10T12:00:00.000Z', days: ['2026-05-10'] },
    { name: 'just before the last hour: today only', now: '2026-05-10T22:59:59.999Z', days: ['2026-05-10'] },
    { name: 'the last hour begins: today and tomorrow', now: '2026-05-10T23:00:00.000Z', days: ['2026-05-10', '2026-05-11'] },
    { name: 'last millisecond of the day', now: '2026-05-10T23:59:59.999Z', days: ['2026-05-10', '2026-05-11'] },
    { name: 'midnight: the new day only', now: '2026-05-11T00:00:00.000Z', days: ['2026-05-11'] },
    { name: 'across a month end', now: '2026-05-31T23:30:00.000Z', days: ['2026-05-31', '2026-06-01'] },
  ])('needed days: $name', ({ now, days }) => {
    expect(neededDays(at(now))).toEqual(days);
  });

  it.each([
    { name: 'midday: the interval', now: '2026-05-10T12:00:00.000Z', delay: 5 * 60_000 },
    { name: 'two minutes before midnight: one second past it', now: '2026-05-10T23:58:00.000Z', delay: 2 * 60_000 + 1_000 },
    { name: 'at midnight: the interval', now: '2026-05-11T00:00:00.000Z', delay: 5 * 60_000 },
  ])('next refresh: $name', ({ now, delay }) => {
    expect(nextRefreshDelay(at(now))).toBe(delay);
  });

  afterEach(() => void vi.useRealTimers());

  it('refreshes every five minutes and one second after each UTC midnight', async () => {
    vi.useFakeTimers({ now: at('2026-05-10T23:52:00.000Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const calls: string[] = [];
    const stop = startSaltRefresh({ saltFor: () => 'unused', refresh: async () => void calls.push(new Date().toISOString()) }, () => {});
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    stop();
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(calls).toEqual(['2026-05-10T23:57:00.000Z', '2026-05-11T00:00:01.000Z', '2026-05-11T00:05:01.000Z', '2026-05-11T00:10:01.000Z']);
  });
});

describe.each(DIALECTS)('daily salts on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = openDatabase(testDb.url);
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.cleanup();
  });

  const stored = async () => {
    const rows = await database.db.selectFrom('salts').select(['day', 'salt']).orderBy('day').execute();
    return new Map(rows.map((r) => [r.day, r.salt]));
  };

  it('creates tomorrow’s salt in the last hour, forgets yesterday’s after midnight, and two nodes hash alike across it', async () => {
    await database.db.deleteFrom('salts').execute();
    const a = createDailySalts(database.db);
    const b = createDailySalts(database.db);

    await a.refresh(at('2026-05-10T12:00:00Z'));
    await b.refresh(at('2026-05-10T12:03:00Z'));
    expect([...(await stored()).keys()]).toEqual(['2026-05-10']);
    const may10 = (await stored()).get('2026-05-10');
    expect(a.saltFor(at('2026-05-10T12:04:00Z'))).toBe(may10);
    expect(b.saltFor(at('2026-05-10T12:04:00Z'))).toBe(may10);

    await a.refresh(at('2026-05-10T22:59:59.999Z'));
    expect([...(await stored()).keys()]).toEqual(['2026-05-10']); // not before the last hour
    await a.refresh(at('2026-05-10T23:00:00Z'));
    await b.refresh(at('2026-05-10T23:04:00Z'));
    const may11 = (await stored()).get('2026-05-11');
    expect(may11).toBeDefined();
    expect(a.heldDays()).toEqual(['2026-05-10', '2026-05-11']);
    expect(b.heldDays()).toEqual(['2026-05-10', '2026-05-11']);
    const lateVisitor = visitorIds(a.saltFor(at('2026-05-10T23:59:59Z')), at('2026-05-10T23:59:59Z'), 'client', 'link', '81.2.69.142', 'UA');

    // Just after midnight, before either refreshes: both hash with the shared salt of the new day.
    const early = at('2026-05-11T00:00:00.200Z');
    expect(a.saltFor(early)).toBe(may11);
    expect(b.saltFor(early)).toBe(may11);
    expect(visitorIds(a.saltFor(early), early, 'client', 'link', '81.2.69.142', 'UA')).toEqual(visitorIds(b.saltFor(early), early, 'client', 'link', '81.2.69.142', 'UA'));

    // A's midnight refresh deletes May 10 from the database and from its memory.
    await a.refresh(at('2026-05-11T00:00:01Z'));
    expect([...(await stored()).entries()]).toEqual([['2026-05-11', may11]]);
    expect(a.heldDays()).toEqual(['2026-05-11']);
    // B still hashes like A until its own refresh, which forgets May 10 too.
    expect(b.saltFor(at('2026-05-11T00:03:00Z'))).toBe(a.saltFor(at('2026-05-11T00:03:00Z')));
    await b.refresh(at('2026-05-11T00:05:00Z'));
    expect(b.heldDays()).toEqual(['2026-05-11']);

    // Yesterday's ids can no longer be recomputed, on any node: its salt is nowhere.
    for (const node of [a, b]) {
      const again = node.saltFor(at('2026-05-10T23:59:59Z'));
      expect(again).not.toBe(may10);
      expect(visitorIds(again, at('2026-05-10T23:59:59Z'), 'client', 'link', '81.2.69.142', 'UA')).not.toEqual(lateVisitor);
      expect(node.heldDays()).toEqual(['2026-05-11']); // and asking does not bring a day back
    }
    expect(JSON.stringify([...(await stored()).values()])).not.toContain(may10 as string);
  });

  it('never keeps a salt 48 hours after its creation, in the database or in a node’s memory', async () => {
    await database.db.deleteFrom('salts').execute();
    // Left behind by a node that stopped three days ago (the old code kept two days).
    await database.db.insertInto('salts').values([{ day: '2026-05-07', salt: 'stale-1' }, { day: '2026-05-08', salt: 'stale-2' }]).execute();
    const nodes = [createDailySalts(database.db), createDailySalts(database.db)];
    const clocks = [at('2026-05-10T21:00:00Z'), at('2026-05-10T21:02:30Z')];
    const created = new Map<string, number>([['2026-05-07', at('2026-05-07T00:00:00Z') - HOUR], ['2026-05-08', at('2026-05-08T00:00:00Z') - HOUR]]);
    const lifetimes = new Map<string, number>();
    const end = at('2026-05-13T01:00:00Z');

    for (;;) {
      // The node whose refresh timer fires next, on the schedule startSaltRefresh keeps.
      const i = clocks[0]! <= clocks[1]! ? 0 : 1;
      const now = clocks[i]!;
      if (now > end) break;
      await nodes[i]!.refresh(now);
      clocks[i] = now + nextRefreshDelay(now);

      const rows = await stored();
      for (const day of rows.keys()) if (!created.has(day)) created.set(day, now);
      for (const [day, since] of created) if (!rows.has(day) && !lifetimes.has(day)) lifetimes.set(day, now - since);
      for (const day of rows.keys()) expect(now - created.get(day)!, `${day} in the database`).toBeLessThan(48 * HOUR);
      expect(nodes[i]!.heldDays(), new Date(now).toISOString()).toEqual(neededDays(now));
      for (const node of nodes) {
        for (const day of node.heldDays()) expect(now - created.get(day)!, `${day} in memory`).toBeLessThan(48 * HOUR);
      }
    }
    expect(lifetimes.get('2026-05-07')).toBeDefined(); // the stale salts went at the first refresh
    expect(lifetimes.get('2026-05-11')).toBeGreaterThanOrEqual(25 * HOUR); // created 23:00 the day before, deleted just after its midnight
    expect(Math.max(...[...lifetimes].filter(([day]) => day >= '2026-05-11').map(([, ms]) => ms))).toBeLessThanOrEqual(25 * HOUR + 5 * 60_000);
    expect([...(await stored()).keys()]).toEqual(['2026-05-13']);
  }, 60_000);
});

// Legacy counts imported (API and CLI, CSV and JSON) and reconciled, on every database: a day the
// legacy system counted 1 % less is within the ±2 % tolerance, a day it counted 5 % more is not,
// with what explains the gap; a re-import replaces its periods; a file with bad rows is refused
// with each line and reason, and imports nothing; switches and rollbacks are master-only and
// audited with before and after.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localTime, startOfDay } from '../../src/analytics/time-zone.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { run } from '../../src/cli.js';
import type { ClientReconciliation, Reconciliation } from '../../src/migration/reconcile.js';
import { createClient } from '../../src/tenants/client.js';
import { storeEvents } from '../../src/events/append.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { syntheticEvents } from '../support/synthetic-events.js';

const ZONE = 'Europe/Paris';

describe.each(DIALECTS)('legacy import and reconciliation on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  const keys = { master: '', client: '' };
  let clientId: string;
  let days: [string, string];
  let duotrack: ClientReconciliation;

  const call = (key: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });
  const reconcileApi = async (query = '') => {
    const res = await call(keys.master, 'GET', `/api/v1/migration/reconcile?clientId=${clientId}${query}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as Reconciliation).clients[0] as ClientReconciliation;
  };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { DATABASE_URL: database.url, DATA_DIR: database.dataDir, SECRET: 'test-secret' } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const legacyRows = () => t.ctx.database.db.selectFrom('legacy_counts').selectAll().orderBy('period_start').execute();

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { DELIVERY_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Paris Label', timeZone: ZONE });
    clientId = client.id;
    keys.master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    keys.client = (await createApiKey(db, { clientId, name: 'own' })).key;
    for (const slug of ['paris-single', 'paris-album']) {
      const res = await call(keys.master, 'POST', '/api/v1/smartlinks', { clientId, slug, artistName: 'A', trackTitle: slug, services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }], status: 'live' });
      expect(res.statusCode).toBe(201);
    }
    const links = await db.selectFrom('smartlinks').select('id').where('client_id', '=', clientId).execute();
    // The last two whole local days (the default 48 h window), bots and prefetches included.
    const today = localTime(Date.now(), ZONE).date;
    days = [addDays(today, -2), addDays(today, -1)];
    const events = [...syntheticEvents({ clientId, smartlinkIds: links.map((l) => l.id), from: startOfDay(days[0], ZONE), to: startOfDay(today, ZONE), views: 1500, seed: 9 })];
    for (let i = 0; i < events.length; i += 500) await storeEvents(t.ctx.database, events.slice(i, i + 500));
    duotrack = await reconcileApi();
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('reads Duotrack’s side from the rollups, per local day, with no legacy data yet', () => {
    expect(duotrack.periods.map((p) => [p.period, p.verdict])).toEqual([[days[0], 'no_legacy_data'], [days[1], 'no_legacy_data']]);
    expect(duotrack.periods.every((p) => p.duotrack.views > 300 && p.duotrack.clicks > 50)).toBe(true);
    expect(duotrack.readyToSwitch).toBe(false);
    const e = duotrack.total.explanation;
    expect(e.botViews + e.prefetchViews).toBeGreaterThan(0);
    expect(e.clientTrackingRate).toBeLessThan(100);
    expect(e.notes.join(' ')).toMatch(/bot or link-preview view\(s\) excluded by Duotrack/);
    expect(e.notes.join(' ')).toMatch(/browser tags confirmed [\d.]+ % of views/);
  });

  it('judges a +1 % day within ±2 % and a −5 % day outside, and says what explains the gap', async () => {
    const [d0, d1] = duotrack.periods as [ClientReconciliation['periods'][0], ClientReconciliation['periods'][0]];
    // Duotrack counts 1 % more than the legacy system on the first day, 5 % less on the second.
    const legacy0 = Math.round(d0.duotrack.views / 1.01);
    const legacy1 = Math.round(d1.duotrack.views / 0.95);
    // split each day's legacy views over the two smartlinks (one CSV row per smartlink and day)
    const csv = [
      'client,smartlink,day,views,clicks,uniques',
      `${clientId},paris-single,${days[0]},${legacy0 - 100},${d0.duotrack.clicks},`,
      `${clientId},paris-album,${days[0]},100,0,50`,
      `${clientId},paris-single,${days[1]},${legacy1},${d1.duotrack.clicks},`,
    ].join('\n');
    const res = await call(keys.master, 'POST', '/api/v1/migration/imports', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ rows: 3, replaced: 0, clients: [clientId] });

    const r = await reconcileApi();
    expect(r.periods.map((p) => [p.period, p.verdict])).toEqual([[days[0], 'within'], [days[1], 'outside']]);
    expect(r.periods[0]!.percent!.views).toBeCloseTo(1, 0);
    expect(r.periods[1]!.percent!.views).toBeCloseTo(-5, 0);
    expect(r.periods[1]!.difference!.views).toBe(d1.duotrack.views - legacy1);
    expect(r.periods[1]!.explanation.notes.length).toBeGreaterThan(0);
    expect(r.readyToSwitch).toBe(false);
    expect(r.smartlinks).toBe(2);
    // a wider tolerance accepts both
    expect((await reconcileApi('&tolerance=6')).readyToSwitch).toBe(true);

    // the CLI prints the same verdicts
    const printed = await cli('reconcile', '--client', clientId);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('not ready');
    expect(printed.out).toMatch(new RegExp(`${days[0]}.*within`));
    expect(printed.out).toMatch(new RegExp(`${days[1]}.*OUTSIDE`));
  });

  it('replaces a re-imported period (JSON through the CLI), and becomes ready to switch', async () => {
    const d1 = duotrack.periods[1]!;
    const file = join(database.dataDir, 'legacy.json');
    writeFileSync(file, JSON.stringify([{ smartlink: 'paris-single', day: days[1], views: d1.duotrack.views, clicks: d1.duotrack.clicks }]));
    const first = await cli('import-legacy', file, '--client', clientId);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toBe('Imported 1 row(s) for 1 client(s), replacing 1 imported before.');
    expect(await cli('import-legacy', file, '--client', clientId)).toMatchObject({ code: 0 }); // idempotent
    const rows = await legacyRows();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => Number(r.period_start) === startOfDay(days[1], ZONE)).map((r) => Number(r.views))).toEqual([d1.duotrack.views]);
    const r = await reconcileApi();
    expect(r.periods.map((p) => p.verdict)).toEqual(['within', 'within']);
    expect(r.readyToSwitch).toBe(true);
    // hourly reconciliation has no hourly legacy data: not ready at that grain
    expect((await reconcileApi('&granularity=hour&hours=24')).periods.every((p) => p.verdict === 'no_legacy_data')).toBe(true);
  });

  it('refuses a file with bad rows, naming each line and reason, and imports nothing', async () => {
    const before = await legacyRows();
    const csv = [
      'client,smartlink,day,views,clicks',
      `${clientId},paris-single,${days[0]},1,1`,
      `${clientId},paris-single,${days[1]},-3,1`,
      `${clientId},no-such-link,${days[1]},10,1`,
      '',
      `${clientId},paris-album,2026-02-30,10,1`,
      `${clientId},paris-single,${days[0]},5,1`,
      `other-client,paris-album,${days[0]},5,x`,
    ].join('\r\n');
    const res = await call(keys.master, 'POST', '/api/v1/migration/imports', { csv });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_rows', message: '5 bad row(s): nothing was imported' });
    expect(res.json().details).toEqual([
      { line: 3, reason: 'views: a whole number, 0 or more (got "-3")' },
      { line: 4, reason: `smartlink "no-such-link" not found for client ${clientId}` },
      { line: 6, reason: 'day: a date like 2026-11-24 (got "2026-02-30")' },
      { line: 7, reason: 'same smartlink and day as line 2' },
      { line: 8, reason: 'client "other-client" not found' },
    ]);
    expect(await legacyRows()).toEqual(before);

    const file = join(database.dataDir, 'bad.csv');
    writeFileSync(file, csv);
    const printed = await cli('import-legacy', file);
    expect(printed.code).toBe(1);
    expect(printed.err).toContain('Nothing imported: 5 bad row(s).');
    expect(printed.err).toContain('  line 3: views: a whole number, 0 or more (got "-3")');
    expect(printed.err).toContain('  line 8: client "other-client" not found');
    expect(await legacyRows()).toEqual(before);
  });

  it('switches and rolls back (master only), each audited with before and after, shown in the client JSON', async () => {
    expect((await call(keys.client, 'POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'duotrack' })).statusCode).toBe(403);
    const toLegacy = await call(keys.master, 'POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'legacy' });
    expect(toLegacy.json()).toMatchObject({ mode: 'legacy', previousMode: 'duotrack' });
    expect((await call(keys.master, 'POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'legacy' })).statusCode).toBe(409);
    expect((await call(keys.master, 'POST', `/api/v1/clients/${clientId}/tracking-mode`, { mode: 'dual' })).json()).toMatchObject({ mode: 'dual', previousMode: 'legacy' });
    const back = await call(keys.master, 'POST', `/api/v1/clients/${clientId}/tracking-mode/rollback`);
    expect(back.json()).toMatchObject({ mode: 'legacy', previousMode: 'dual' });
    expect((await call(keys.client, 'GET', `/api/v1/clients/${clientId}`)).json().migration).toMatchObject({ mode: 'legacy', previousMode: 'dual', mirror: null });

    const audit = (await call(keys.master, 'GET', `/api/v1/audit?clientId=${clientId}&action=client.tracking_mode`)).json().data as { before: { mode: string }; after: { mode: string; rollback?: boolean }; actor: string }[];
    expect(audit.map((a) => [a.before.mode, a.after.mode, a.after.rollback ?? false]).reverse()).toEqual([
      ['duotrack', 'legacy', false],
      ['legacy', 'dual', false],
      ['dual', 'legacy', true],
    ]);
    expect(audit.every((a) => a.actor.startsWith('key:'))).toBe(true);
    // the client's own key reads its reconciliation, but cannot see another's
    expect((await call(keys.client, 'GET', '/api/v1/migration/reconcile')).json().clients.map((c: { clientId: string }) => c.clientId)).toEqual([clientId]);
    const other = (await t.ctx.database.db.selectFrom('clients').select('id').where('id', '!=', clientId).executeTakeFirstOrThrow()).id;
    expect((await call(keys.client, 'GET', `/api/v1/migration/reconcile?clientId=${other}`)).statusCode).toBe(404);
  });
});

// GET /api/v1/audit on every database: newest first, paged, filtered by client, action (or a
// domain of actions), actor and time; the agency's only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { recordAudit } from '../../src/audit/audit-log.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

describe.each(DIALECTS)('the audit log API on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let master: string;
  let clientKey: string;
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Audit A' });
    b = await createClient(db, { name: 'Audit B' });
    master = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    clientKey = (await createApiKey(db, { clientId: a.id, name: 'client' })).key;
    const entries = [
      { actor: 'user:ann', clientId: a.id, action: 'client.update', target: a.id, before: { name: 'Old' }, after: { name: 'Audit A' } },
      { actor: 'user:bob', clientId: a.id, action: 'privacy.erase', target: 'visitor:x', after: { events: 2, confirmations: 1 } },
      { actor: 'cli', clientId: b.id, action: 'privacy.export', target: 'csv' },
      { actor: 'user:ann', clientId: b.id, action: 'smartlink.create', target: 'sl' },
      { actor: 'user:ann', clientId: null, action: 'privacy_policy.other', target: null },
    ];
    for (const [i, e] of entries.entries()) await recordAudit(db, e, T0 + i * HOUR);
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const list = async (query: string) => {
    const res = await t.app.inject({ url: `/api/v1/audit?${query}`, headers: { authorization: `Bearer ${master}` } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { data: { action: string; actor: string; ts: number; before: unknown; after: unknown }[]; page: { total: number } };
    return { actions: body.data.map((e) => e.action), total: body.page.total, data: body.data };
  };
  const span = `from=${T0}&to=${T0 + 5 * HOUR}`;

  it('lists newest first with before and after, paged', async () => {
    const all = await list(span);
    expect(all.actions).toEqual(['privacy_policy.other', 'smartlink.create', 'privacy.export', 'privacy.erase', 'client.update']);
    expect(all.data[4]).toMatchObject({ actor: 'user:ann', ts: T0, before: { name: 'Old' }, after: { name: 'Audit A' } });
    expect(await list(`${span}&limit=2&offset=2`)).toMatchObject({ actions: ['privacy.export', 'privacy.erase'], total: 5 });
  });

  it.each([
    ['a client', () => `clientId=${a.id}&${span}`, ['privacy.erase', 'client.update']],
    ['an action', () => `action=privacy.erase&${span}`, ['privacy.erase']],
    ['a domain of actions (not a longer name sharing its first letters)', () => `action=privacy.&${span}`, ['privacy.export', 'privacy.erase']],
    ['an actor', () => `actor=user:ann&${span}`, ['privacy_policy.other', 'smartlink.create', 'client.update']],
    ['a time span', () => `from=${T0 + HOUR}&to=${T0 + 3 * HOUR}`, ['privacy.export', 'privacy.erase']],
    ['several at once', () => `actor=user:ann&clientId=${b.id}&${span}`, ['smartlink.create']],
  ])('filters by %s', async (_name, query, actions) => {
    const found = await list(query());
    expect(found).toMatchObject({ actions, total: actions.length });
  });

  it('refuses a bad instant and a client key', async () => {
    expect((await t.app.inject({ url: '/api/v1/audit?from=yesterday', headers: { authorization: `Bearer ${master}` } })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/audit', headers: { authorization: `Bearer ${clientKey}` } })).statusCode).toBe(403);
  });
});

// Erasure ids are checked against the shape Duotrack makes them, by the API and the CLI alike, on
// every database: a malformed id is refused (400 naming the field / usage error, exit 2) before
// anything is looked up; a well-formed id with nothing stored erases nothing and says so plainly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { run } from '../../src/cli.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const WELL_FORMED_VISITOR = '51a0' + 'ab'.repeat(14);

describe.each(DIALECTS)('erasure ids on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ROLLUP_INTERVAL_MS: '0', ALERT_INTERVAL_MS: '0' });
    key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'master' })).key;
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  const erase = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/privacy/erasures', headers: { authorization: `Bearer ${key}` }, payload });
  const audited = async () => (await t.ctx.database.db.selectFrom('audit_log').select('target').where('action', '=', 'privacy.erase').execute()).map((r) => r.target);

  it.each([
    ['visitorId', '0000deadbeef', 'is not a visitor id'],
    ['sessionId', 'not-a-session', 'is not a session id'],
    ['eventId', '3b241101-e2bb-4255-8caf-4136c566a962', 'is not an event id (expected a UUID version 7'],
  ])('the API refuses a malformed %s with a 400 naming the field, and records nothing', async (field, id, message) => {
    const res = await erase({ [field]: id });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid', message: expect.stringContaining(message), details: [{ instancePath: `/${field}`, message: expect.stringContaining(message) }] });
    expect(await audited()).not.toContain(`${field.replace('Id', '')}:${id}`);
  });

  it('the API erases nothing for a well-formed id with nothing stored (normalized), audited', async () => {
    const res = await erase({ visitorId: ` ${WELL_FORMED_VISITOR.toUpperCase()}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ target: `visitor:${WELL_FORMED_VISITOR}`, events: 0, confirmations: 0 });
    expect(await audited()).toContain(`visitor:${WELL_FORMED_VISITOR}`);
  });

  it('the CLI refuses a malformed id as a usage error (exit 2), and says plainly when nothing was stored', async () => {
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'dt-erase-')), SECRET: 'test-secret' } } };
    };
    const malformed = io();
    expect(await run(['erase', '--visitor', '0000deadbeef'], malformed.io)).toBe(2);
    expect(malformed.err.join('\n')).toContain('erase: "0000deadbeef" is not a visitor id (expected 32 hexadecimal digits');
    expect(malformed.out).toEqual([]);

    const badEvent = io();
    expect(await run(['erase', '--event', 'x'], badEvent.io)).toBe(2);
    expect(badEvent.err.join('\n')).toContain('"x" is not an event id');

    const twoTargets = io();
    expect(await run(['erase', '--visitor', WELL_FORMED_VISITOR, '--event', uuidv7()], twoTargets.io)).toBe(2);
    expect(twoTargets.err.join('\n')).toContain('erase needs exactly one of --visitor, --session, --event');

    const nothing = io();
    const eventId = uuidv7();
    expect(await run(['erase', '--event', eventId], nothing.io)).toBe(0);
    expect(nothing.out).toEqual([`Nothing was stored for event:${eventId}: 0 events erased.`]);
    expect(await audited()).toContain(`event:${eventId}`);
  });
});

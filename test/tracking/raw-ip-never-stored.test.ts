// Views and clicks from public IPv4 and IPv6 addresses, through a trusted proxy, then the privacy
// flows (privacy page, opt-out, a fan's erasure, staff erasure, the data export) and the rollups:
// afterwards, no file in the data directory (database, WAL, spool, logs, secret) and no stored
// column holds them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';
import { exportEvents } from '../../src/privacy/data-export.js';
import { erase } from '../../src/privacy/erasure.js';

const IPV4 = '81.2.69.142';
const IPV6 = '2a01:cb00:1234:5678:9abc:def0:1234:5678';
const NEEDLES = [IPV4, IPV6, '2a01:0cb0:1234:5678:9abc:def0:1234:5678'.toUpperCase(), IPV6.toUpperCase(), '::ffff:81.2.69.142'];
const TABLES = ['clients', 'smartlinks', 'events', 'visitor_days', 'salts', 'users', 'api_keys', 'audit_log', 'rollups', 'rollups_daily', 'rollup_rebuilds', 'alerts'] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(DIALECTS)('raw IP addresses on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  afterAll(async () => database.cleanup());

  it('never reach the database, a log line, the spool or any file', async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: '127.0.0.1' });
    const paths = ['/demo', '/demo/spotify', '/demo/amazon-music', '/no-such-link', '/demo/no-such-service', '/demo?utm_source=x'];
    for (const ip of [IPV4, IPV6, `::ffff:${IPV4}`]) {
      for (const url of paths) {
        const res = await t.app.inject({ url, headers: { 'x-forwarded-for': ip, 'user-agent': PHONE_UA } });
        expect(res.statusCode).toBeLessThan(500);
      }
      await t.app.inject({ method: 'HEAD', url: '/demo', headers: { 'x-forwarded-for': ip } });
      const fan = { 'x-forwarded-for': ip, 'user-agent': PHONE_UA };
      expect((await t.app.inject({ url: '/privacy/demo', headers: fan })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/demo', headers: { ...fan, cookie: 'dt_optout=1' } })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/demo', headers: { ...fan, 'sec-gpc': '1', 'user-agent': `${PHONE_UA} gpc` } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/privacy/demo/opt-out', headers: fan })).statusCode).toBe(200);
    }
    const truncated = new Set((await t.ctx.database.db.selectFrom('events').select('ip_truncated').execute()).map((e) => e.ip_truncated));
    expect(truncated).toEqual(new Set(['81.2.69.0', '2a01:cb00:1234::', null])); // null: opted out
    // a fan erases today's records of one address; staff erase a session of another; the rollups fold; the data is exported
    const erased = await t.app.inject({ method: 'POST', url: '/privacy/demo/erase', headers: { 'x-forwarded-for': IPV6, 'user-agent': PHONE_UA } });
    expect(erased.body).toMatch(/[1-9]\d* records? erased/);
    const session = (await t.ctx.database.db.selectFrom('events').select('session_id').where('session_id', 'is not', null).executeTakeFirstOrThrow()).session_id as string;
    await erase(t.ctx.database, null, { sessionId: session });
    await t.ctx.rollups.fold();
    let exported = '';
    for await (const chunk of exportEvents(t.ctx.database.db, [(await t.ctx.database.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id], { start: 0, end: Date.now() + 1 }, 'ndjson')) exported += chunk;
    expect(exported.length).toBeGreaterThan(0);
    for (const needle of NEEDLES) expect(exported.toLowerCase()).not.toContain(needle.toLowerCase());
    const stored = [];
    for (const table of TABLES) stored.push(...(await t.ctx.database.db.selectFrom(table).selectAll().execute()));
    const events = await t.ctx.database.db.selectFrom('events').select(['ip_truncated', 'country']).execute();
    expect(events.filter((e) => e.country === 'GB').length).toBeGreaterThan(0);
    expect(events.filter((e) => e.country === 'FR').length).toBeGreaterThan(0);
    if (dialect === 'postgres') await sql`checkpoint`.execute(t.ctx.database.db).catch(() => undefined);
    await t.close();

    const columns = JSON.stringify(stored).toLowerCase();
    for (const needle of NEEDLES) expect(columns).not.toContain(needle.toLowerCase());

    const files = filesUnder(database.dataDir);
    expect(files.some((f) => f.endsWith('app.log'))).toBe(true);
    if (dialect === 'sqlite') expect(files.some((f) => f.endsWith('duotrack.db'))).toBe(true);
    for (const file of files) {
      const content = readFileSync(file).toString('latin1').toLowerCase();
      for (const needle of NEEDLES) expect(content, `${needle} found in ${file}`).not.toContain(needle.toLowerCase());
    }
  });
});

// Views and clicks from public IPv4 and IPv6 addresses, through a trusted proxy: afterwards, no
// file in the data directory (database, WAL, spool, logs, secret) and no stored column holds them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const IPV4 = '81.2.69.142';
const IPV6 = '2a01:cb00:1234:5678:9abc:def0:1234:5678';
const NEEDLES = [IPV4, IPV6, '2a01:0cb0:1234:5678:9abc:def0:1234:5678'.toUpperCase(), IPV6.toUpperCase(), '::ffff:81.2.69.142'];
const TABLES = ['clients', 'smartlinks', 'events', 'visitor_days', 'salts', 'users', 'api_keys'] as const;

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
    }
    const stored = [];
    for (const table of TABLES) stored.push(...(await t.ctx.database.db.selectFrom(table).selectAll().execute()));
    const events = await t.ctx.database.db.selectFrom('events').select(['ip_truncated', 'country']).execute();
    expect(new Set(events.map((e) => e.ip_truncated))).toEqual(new Set(['81.2.69.0', '2a01:cb00:1234::']));
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

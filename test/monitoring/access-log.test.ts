// The access log is off by default (the event table is the record of page views). With
// ACCESS_LOG=true each answered request gets one line: method, route pattern, status, duration,
// host, bytes; never an address (not even truncated), a raw path or a query string.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const FAN_IP = '81.2.69.142';
const fan = { 'user-agent': PHONE_UA, 'x-forwarded-for': FAN_IP };

function requestLines(t: TestApp): Record<string, unknown>[] {
  return readFileSync(t.logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === 'request');
}

describe('access log', () => {
  let database: TestDatabase;
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
    await database.cleanup();
  });

  it('is off by default: no line per request', async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    expect((await t.app.inject({ url: '/demo', headers: fan })).statusCode).toBe(200);
    expect(requestLines(t)).toEqual([]);
    expect(readFileSync(t.logFile, 'utf8')).not.toContain('/demo');
  });

  it('logs one line per request with ACCESS_LOG=true, without address or query string', async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { TRUST_PROXY: 'true', ACCESS_LOG: 'true' });
    expect((await t.app.inject({ url: '/demo?fbclid=IwAR-secret-click&email=fan%40example.com', headers: { ...fan, host: 'Links.Example.com:8443' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/nothing/here/fan@example.com?q=private', headers: fan })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.com', password: 'wrong-password' } })).statusCode).toBeGreaterThanOrEqual(400);

    const lines = requestLines(t);
    expect(lines).toHaveLength(3);
    const [page, missing, login] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(page).toMatchObject({ level: 30, method: 'GET', route: '/:slug', status: 200, host: 'links.example.com' });
    expect(page.ms).toEqual(expect.any(Number));
    expect(page.bytes).toBeGreaterThan(1000);
    expect(missing).toMatchObject({ method: 'GET', route: 'unmatched', status: 404, host: 'localhost' });
    expect(login).toMatchObject({ method: 'POST', route: '/api/v1/auth/login' });

    const log = readFileSync(t.logFile, 'utf8');
    for (const personal of [FAN_IP, '81.2.69.', 'fbclid', 'secret-click', 'fan%40example.com', 'fan@example.com', 'nobody@example.com', 'private', '127.0.0.1']) {
      expect(log, personal).not.toContain(personal);
    }
  });

  it('refuses an ACCESS_LOG that is not a boolean', () => {
    expect(() => loadConfig({ DATA_DIR: '/tmp/dt-config-test', SECRET: 's', ACCESS_LOG: 'yes' })).toThrow(new ConfigError('ACCESS_LOG must be true or false, got "yes"'));
    expect(loadConfig({ DATA_DIR: '/tmp/dt-config-test', SECRET: 's' }).accessLog).toBe(false);
  });
});

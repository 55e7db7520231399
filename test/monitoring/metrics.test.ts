// GET /metrics: Prometheus text behind its token; off without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const TOKEN = 'a-metrics-token-of-some-length';

describe('metrics', () => {
  let database: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('refuses a scrape without the token', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-wrong-token!' } })).statusCode).toBe(401);
  });

  it('counts requests, events written and batches', async () => {
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } });
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/duotrack_http_requests_total\{route="\/:slug",method="GET",status="200"\} 3/);
    expect(res.body).toMatch(/duotrack_events_written_total 3/);
    expect(res.body).toMatch(/duotrack_writer_batch_events_count\{outcome="committed"\} 3/);
    expect(res.body).toMatch(/duotrack_writer_spooling 0/);
    expect(res.body).toMatch(/duotrack_spool_bytes 0/);
    expect(res.body).toContain('duotrack_process_resident_memory_bytes');
  });

  it('is off when no token is configured', async () => {
    const other = await createTestDatabase('sqlite');
    const plain = await startTestApp(other);
    expect((await plain.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    await plain.close();
    await other.cleanup();
  });
});

// "Enregistrement immédiat": a page is sent only once its view is committed. On PostgreSQL another
// connection holds a lock on the events table for a moment: the page must wait for it, and its
// event must be there the moment the page arrives. (SQLite commits synchronously, in the same
// turn of the event loop as the batch, so there is nothing to interleave there.)
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA, storedEvents } from '../support/events.js';

const HOLD_MS = 400;

describe.skipIf(!DIALECTS.includes('postgres'))('commit before response on postgres', () => {
  let database: TestDatabase;
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('waits for the view’s commit before sending the page, and the view is stored when the page arrives', async () => {
    database = await createTestDatabase('postgres');
    t = await startTestApp(database);
    await t.app.inject({ url: '/demo', headers: { 'user-agent': PHONE_UA } }); // warm the caches

    const url = new URL(database.url);
    const schema = url.searchParams.get('schema')!;
    url.searchParams.delete('schema');
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    await locker.query('begin');
    await locker.query(`lock table ${schema}.events in exclusive mode`);
    const release = setTimeout(() => void locker.query('commit'), HOLD_MS);

    const started = Date.now();
    const res = await t.app.inject({ url: '/demo', headers: { 'user-agent': `${PHONE_UA} waited` } });
    const took = Date.now() - started;
    const stored = (await storedEvents(t.ctx)).filter((e) => e.user_agent.endsWith(' waited'));
    clearTimeout(release);
    await locker.end();

    expect(res.statusCode).toBe(200);
    expect(took).toBeGreaterThanOrEqual(HOLD_MS - 20);
    expect(stored).toHaveLength(1);
    expect(t.ctx.writer.stats().mode).toBe('direct'); // waited, did not spool
  });
});

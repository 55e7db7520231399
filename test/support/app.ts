// A real Duotrack (context + Fastify app) on a test database, driven through app.inject().
import { join } from 'node:path';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openContext, type Context } from '../../src/context.js';
import { seedDemo } from '../../src/tenants/demo.js';
import type { TestDatabase } from './databases.js';

export interface TestApp {
  readonly ctx: Context;
  readonly app: FastifyInstance;
  /** Where the app's log lines go (trace level), inside the data directory. */
  readonly logFile: string;
  close(): Promise<void>;
}

/**
 * Tests send webhooks, alerts and forwarded events to stub servers on this machine: the outbound
 * guard lets loopback through unless a test sets OUTBOUND_ALLOW_ADDRESSES itself ('' = nothing).
 */
export const LOOPBACK_ALLOWED = '127.0.0.1,::1';

export async function startTestApp(database: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: database.dataDir,
    SECRET: 'test-secret',
    OUTBOUND_ALLOW_ADDRESSES: LOOPBACK_ALLOWED,
    ...env,
  });
  const logFile = join(database.dataDir, 'app.log');
  const log = pino({ level: 'trace' }, pino.destination({ dest: logFile, sync: true }));
  const ctx = await openContext(config, log);
  await seedDemo(ctx.database.db);
  const app = buildApp(ctx);
  await app.ready();
  let closed = false;
  return {
    ctx,
    app,
    logFile,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await ctx.close();
    },
  };
}

// `duotrack serve`: migrate, seed a fresh database, listen, and on SIGTERM/SIGINT stop taking
// requests, let the ones in flight finish, flush every pending event, close the database.
import { pino } from 'pino';
import { buildApp } from './app.js';
import { ensureAdmin } from './auth/bootstrap-admin.js';
import type { CliText } from './cli-messages.js';
import type { Config } from './config.js';
import { openContext } from './context.js';
import { listClients } from './tenants/client.js';
import { seedDemo } from './tenants/demo.js';

function createLogger(config: Config) {
  return pino({ level: config.logLevel, base: { pid: process.pid } });
}

/** `print`: what the person who started it reads (the first admin, the address), in `text`'s language. */
export async function serve(config: Config, print: (line: string) => void, text: CliText): Promise<void> {
  const log = createLogger(config);
  const ctx = await openContext(config, log);
  if ((await listClients(ctx.database.db)).length === 0) await seedDemo(ctx.database.db);

  if (!config.appHost) {
    log.warn('APP_HOST is not set: signed-in sessions share an origin with smartlink pages, where clients’ tags (GTM) run. Set APP_HOST in production.');
  }
  const app = buildApp(ctx);
  const address = await app.listen({ port: config.port, host: config.host }).catch(async (err: unknown) => {
    await app.close();
    await ctx.close();
    throw err;
  });
  // Only once the server listens: a start that fails (the port in use) creates no admin whose
  // generated password nobody saw.
  const admin = await ensureAdmin(ctx.database.db, config.adminEmail, config.adminPassword);
  if (admin) for (const line of text.adminCreated(admin.email, admin.generated ? admin.password : null)) print(line);
  print(text.serving(address));

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down: draining requests and pending events');
      // Connections busy when close() starts turn idle once answered; without this they would
      // hold the process until the keep-alive timeout.
      const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
      app
        .close()
        .finally(() => clearInterval(closeIdle))
        .then(() => ctx.close())
        .catch((err: Error) => log.error({ err: { message: err.message } }, 'error during shutdown'))
        .finally(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log.info(ctx.writer.stats(), 'stopped');
}

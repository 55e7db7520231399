// GET /healthz for load balancers: the process serves, and says whether the database answers
// and how much the event writer holds. Pages keep being served (and counted, through the spool)
// while the database is down, so a node stays in rotation: status "degraded", HTTP 200.
// GET /api/health/tracking: the dual engine's health (the seed's JSON); the numbers for master
// users and keys, the status alone for anyone else.
// GET /metrics: Prometheus, with `Authorization: Bearer <METRICS_TOKEN>`; off when it is unset.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { refuseNulBytes } from '../api/nul-bytes.js';
import { createAuthenticator } from '../auth/authenticate.js';
import type { Context } from '../context.js';
import { trackingHealth, type TrackingHealth } from './tracking-health.js';

export function healthRoutes(ctx: Pick<Context, 'database' | 'writer' | 'metrics' | 'config'>) {
  const identify = createAuthenticator(ctx.database.db);
  let cached: { at: number; health: Promise<TrackingHealth> } | null = null;
  const installationHealth = () => {
    if (!cached || cached.at < Date.now() - 10_000) cached = { at: Date.now(), health: trackingHealth(ctx.database.db) };
    return cached.health;
  };
  const expected = ctx.config.metricsToken ? Buffer.from(`Bearer ${ctx.config.metricsToken}`) : null;
  return async function routes(app: FastifyInstance): Promise<void> {
    if (expected) {
      app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
        const given = Buffer.from(request.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply.code(401).send({ error: 'unauthorized', message: 'send Authorization: Bearer <METRICS_TOKEN>' });
        }
        return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
      });
    }

    app.get<{ Querystring: { clientId?: string } }>(
      '/api/health/tracking',
      { preValidation: refuseNulBytes, schema: { hide: true, querystring: { type: 'object', properties: { clientId: { type: 'string', maxLength: 64 } } } } },
      async (request, reply) => {
        const who = await identify(request);
        const master = who.ok && who.principal.role === 'master';
        // Anyone else gets the installation's status alone: no other tenant's, and from a cache,
        // so anonymous calls cannot make the database aggregate a day of events each time.
        const health = master ? await trackingHealth(ctx.database.db, { clientId: request.query.clientId }) : await installationHealth();
        reply.header('cache-control', 'no-store');
        return master ? health : { status: health.status };
      },
    );

    app.get('/healthz', async (_request, reply) => {
      const database = await ctx.database.ping().then(() => 'up' as const, () => 'down' as const);
      const writer = ctx.writer.stats();
      // A spool that fails leaves pages without a safety net (or holds their events in memory).
      const status = database === 'up' && writer.mode === 'direct' && !writer.spoolError ? 'ok' : 'degraded';
      return reply.header('cache-control', 'no-store').send({ status, database, writer });
    });
  };
}

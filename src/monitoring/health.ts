// GET /healthz for load balancers: the process serves, and says whether the database answers
// and how much the event writer holds. Pages keep being served (and counted, through the spool)
// while the database is down, so a node stays in rotation: status "degraded", HTTP 200.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';

export function healthRoutes(ctx: Pick<Context, 'database' | 'writer'>) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get('/healthz', async (_request, reply) => {
      const database = await ctx.database.ping().then(() => 'up' as const, () => 'down' as const);
      const writer = ctx.writer.stats();
      const status = database === 'up' && writer.mode === 'direct' ? 'ok' : 'degraded';
      return reply.header('cache-control', 'no-store').send({ status, database, writer });
    });
  };
}

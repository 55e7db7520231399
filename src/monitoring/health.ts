// GET /healthz for load balancers: the process serves, and says whether the database answers
// and how much the event writer holds. Pages keep being served (and counted, through the spool)
// while the database is down, so a node stays in rotation: status "degraded", HTTP 200.
// GET /api/health/tracking: the dual engine's health (the seed's JSON); the numbers for master
// users and keys, the status alone for anyone else.
// GET /metrics: Prometheus, with `Authorization: Bearer <METRICS_TOKEN>`; off when it is unset.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { refuseNulBytes } from '../api/nul-bytes.js';
import { ERROR, file, ok, ref, withErrors } from '../api/responses.js';
import { createAuthenticator } from '../auth/authenticate.js';
import type { Context } from '../context.js';
import { trackingHealth, type TrackingHealth } from './tracking-health.js';

const COUNT = { type: 'integer' } as const;

/** GET /healthz's answer (src/tracking/writer.ts: WriterStats). */
export const HEALTH = {
  $id: 'Health',
  type: 'object',
  description: 'Whether this node serves normally: "degraded" (still HTTP 200) while the database is down or the spool fails, pages being served and counted meanwhile',
  required: ['status', 'database', 'writer'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: { type: 'string', enum: ['up', 'down'] },
    writer: {
      type: 'object',
      description: 'The event writer: direct to the database, or spooling to disk (and replaying) while it is unavailable',
      required: ['mode', 'pending', 'spoolBytes', 'written', 'spooled', 'inMemory', 'dropped', 'spoolError'],
      properties: {
        mode: { type: 'string', enum: ['direct', 'spooling', 'replaying'] },
        pending: { ...COUNT, description: 'Events waiting for the next batch' },
        spoolBytes: { ...COUNT, description: 'Spooled bytes still to replay' },
        written: { ...COUNT, description: 'Events committed since start' },
        spooled: { ...COUNT, description: 'Events spooled since start' },
        inMemory: { ...COUNT, description: 'Events the spool refused, held in memory' },
        dropped: { ...COUNT, description: 'Events lost since start (memory full while the database and the spool refused them)' },
        spoolError: {
          type: 'object',
          nullable: true,
          description: 'The spool failure of the current outage, if any',
          required: ['message', 'path', 'since'],
          properties: { message: { type: 'string' }, code: { type: 'string' }, path: { type: 'string' }, since: { type: 'string', description: 'ISO time of the first failure in a row' } },
        },
      },
    },
  },
} as const;

const RATE = { type: 'string', description: 'A percentage with one decimal, e.g. "99.9%"' } as const;

/** GET /api/health/tracking's answer: the status for anyone, the numbers for master. */
export const TRACKING_HEALTH = {
  $id: 'TrackingHealth',
  type: 'object',
  description: "The dual engine's health over the last 24 hours: `status` for anyone; the numbers too for master users and keys",
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['healthy', 'warning'], description: 'warning when the server tracking rate is 95 % or less' },
    stats: {
      type: 'object',
      required: ['totalViews', 'uniqueVisitors', 'serverTrackingRate', 'clientTrackingRate'],
      properties: { totalViews: COUNT, uniqueVisitors: COUNT, serverTrackingRate: RATE, clientTrackingRate: RATE },
    },
    window: { type: 'object', required: ['from', 'to'], properties: { from: { ...COUNT, description: 'Milliseconds since 1970' }, to: { ...COUNT, description: 'Milliseconds since 1970' } } },
    details: {
      type: 'object',
      required: ['browserConfirmedViews', 'browserConfirmedViewsStoredByServer', 'serverViewsConfirmedByBrowser'],
      properties: { browserConfirmedViews: COUNT, browserConfirmedViewsStoredByServer: COUNT, serverViewsConfirmedByBrowser: COUNT },
    },
  },
} as const;

const TAGS = ['health'];
/** What /metrics answers (prom-client's Registry.contentType, charset aside). */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

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
      const schema = {
        operationId: 'getMetrics',
        tags: TAGS,
        summary: 'Prometheus metrics (only when METRICS_TOKEN is set)',
        security: [{ metricsToken: [] }],
        response: withErrors(
          { 200: file('The metrics', { [PROMETHEUS_TEXT]: 'The Prometheus text exposition format 0.0.4' }) },
          [401],
          { 401: 'No or another token than Bearer <METRICS_TOKEN>' },
        ),
      };
      app.get('/metrics', { schema }, async (request, reply) => {
        const given = Buffer.from(request.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return reply.code(401).send({ error: 'unauthorized', message: 'send Authorization: Bearer <METRICS_TOKEN>' });
        }
        return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
      });
    }

    app.get<{ Querystring: { clientId?: string } }>(
      '/api/health/tracking',
      {
        preValidation: refuseNulBytes,
        schema: {
          operationId: 'getTrackingHealth',
          tags: TAGS,
          summary: "The dual engine's health over the last 24 hours (the numbers for master users and keys)",
          // Anyone may ask; a master key or session gets the numbers.
          security: [{}, { apiKey: [] }, { session: [] }],
          querystring: { type: 'object', properties: { clientId: { type: 'string', maxLength: 64, description: 'Master: one client only (default: the whole installation)' } } },
          response: withErrors({ 200: ok(TRACKING_HEALTH, 'The status, with the numbers for master') }, [400]),
        },
      },
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

    const healthz = {
      operationId: 'getHealth',
      tags: TAGS,
      summary: 'For load balancers: this node serves, whether its database answers and what its event writer holds',
      security: [],
      response: {
        200: ok(HEALTH, 'The node serves (status ok, or degraded while it counts through the spool)'),
        503: { ...ref(ERROR), description: 'The node is shutting down: take it out of rotation' },
      },
    };
    app.get('/healthz', { schema: healthz }, async (_request, reply) => {
      const database = await ctx.database.ping().then(() => 'up' as const, () => 'down' as const);
      const writer = ctx.writer.stats();
      // A spool that fails leaves pages without a safety net (or holds their events in memory).
      const status = database === 'up' && writer.mode === 'direct' && !writer.spoolError ? 'ok' : 'degraded';
      return reply.header('cache-control', 'no-store').send({ status, database, writer });
    });
  };
}

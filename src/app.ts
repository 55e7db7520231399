// Builds the Fastify app from the domain plugins. No listening here: `serve` listens, tests inject.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Context } from './context.js';
import { artworkRoutes } from './artwork/routes.js';
import { benchRoutes } from './bench-route.js';
import { assetRoutes } from './landing/assets.js';
import { landingRoutes } from './landing/routes.js';
import { domainPublicRoutes } from './tenants/domain-routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { addDefaultSecurityHeaders } from './security-headers.js';
import { capConnectionsPerAddress, serverTimeouts } from './server-limits.js';
import { proxyTrust } from './trust-proxy.js';
import { openApiDocument } from './api/openapi.js';
import { apiRoutes } from './api/plugin.js';
import { cspReportRoutes } from './monitoring/csp-report-routes.js';
import { healthRoutes } from './monitoring/health.js';
import { logRequest } from './monitoring/access-log.js';
import { recordRequestDuration } from './monitoring/request-metrics.js';
import { beaconRoutes } from './tracking/beacon.js';
import { webappRoutes } from './webapp/routes.js';

export function buildApp(ctx: Context): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.log,
    // The event table is the access log: no per-request line, so no log line ever carries an IP
    // (ACCESS_LOG=true adds one line per request, without an IP: monitoring/access-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: ctx.config.trustProxy === false ? false : proxyTrust(ctx.config.trustProxy),
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    ...serverTimeouts(ctx.config),
  });
  capConnectionsPerAddress(app.server, ctx.config.maxConnectionsPerIp);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 503;
    if (status >= 500) request.log.error({ err: { message: err.message, code: err.code }, url: request.url }, 'request failed');
    const error = status >= 500 ? 'unavailable' : status === 429 ? 'rate_limited' : status === 413 ? 'too_large' : 'bad_request';
    return reply.code(status).send({ error, message: status >= 500 ? 'Temporarily unavailable, please retry.' : err.message });
  });

  app.addHook('onSend', addDefaultSecurityHeaders);
  app.addHook('onResponse', recordRequestDuration(ctx.metrics));
  if (ctx.config.accessLog) app.addHook('onResponse', logRequest); // opt-in: no address, no query string (access-log.ts)

  app.register(openApiDocument); // first: the document describes the routes registered after it
  app.register(healthRoutes(ctx));
  app.register(apiRoutes(ctx));
  app.register(assetRoutes);
  app.register(artworkRoutes(ctx));
  if (ctx.config.benchRoutes) app.register(benchRoutes);
  app.register(beaconRoutes(ctx));
  app.register(cspReportRoutes(ctx));
  app.register(webappRoutes(ctx));
  app.register(privacyRoutes(ctx));
  app.register(domainPublicRoutes(ctx));
  app.register(landingRoutes(ctx));
  return app;
}

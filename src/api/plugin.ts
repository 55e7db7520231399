// The management API: /api/v1 behind API keys (Authorization: Bearer dtk_…), described by the
// OpenAPI document at /api/openapi.json and a docs page at /api/docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createApiKeyAuth } from '../auth/api-key-auth.js';
import type { Principal } from '../auth/principal.js';
import type { Context } from '../context.js';
import { scopeOf, type TenantScope } from '../tenants/scope.js';
import { clientRoutes } from './clients.js';
import { ApiError, apiErrorHandler } from './errors.js';
import { smartlinkRoutes } from './smartlinks.js';
import { apiValidatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The caller's principal and scope; routes run only after authentication, so both exist. */
export function caller(request: FastifyRequest): { principal: Principal; scope: TenantScope } {
  const principal = request.principal as Principal;
  return { principal, scope: scopeOf(principal) };
}

export function apiRoutes(ctx: Pick<Context, 'database' | 'lookup'>) {
  return async function api(app: FastifyInstance): Promise<void> {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'Duotrack API', version: '1', description: 'Smartlinks, clients and their analytics. Every route takes `Authorization: Bearer <API key>`.' },
        components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Duotrack API key (dtk_…)' } } },
        security: [{ apiKey: [] }],
      },
      // Only the API is documented; the public pages are not part of it.
      transform: ({ schema, url }) => ({ schema: url.startsWith('/api/v1/') ? schema : { ...schema, hide: true }, url }),
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    const principalForKey = createApiKeyAuth(ctx.database.db);
    await app.register(
      async (v1) => {
        v1.setValidatorCompiler(apiValidatorCompiler);
        v1.setErrorHandler(apiErrorHandler);
        v1.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }));
        v1.decorateRequest('principal', null);
        v1.addHook('onRequest', async (request) => {
          const header = request.headers.authorization ?? '';
          const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
          request.principal = key ? await principalForKey(key) : null;
          if (!request.principal) throw new ApiError(401, 'unauthorized', key ? 'unknown or revoked API key' : 'send Authorization: Bearer <API key>');
          if (request.method !== 'GET' && request.method !== 'HEAD' && !scopeOf(request.principal).canWrite) {
            throw new ApiError(403, 'read_only', 'this key can only read');
          }
        });
        await v1.register(clientRoutes(ctx));
        await v1.register(smartlinkRoutes(ctx));
      },
      { prefix: '/api/v1' },
    );
  };
}

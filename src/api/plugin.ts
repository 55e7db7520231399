// The management API: /api/v1, for API keys (Authorization: Bearer dtk_…) and signed-in users (the
// session cookie, with X-CSRF-Token on every write), described by the OpenAPI document at
// /api/openapi.json and a docs page at /api/docs (the document itself: src/api/openapi.ts).
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createAuthenticator } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import type { Context } from '../context.js';
import { requestHost } from '../host.js';
import { scopeOf, type TenantScope } from '../tenants/scope.js';
import { alertRoutes } from './alerts.js';
import { analyticsRoutes } from './analytics.js';
import { privacyApiRoutes } from './privacy.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { catalogueRoutes } from './catalogue.js';
import { clientRoutes } from './clients.js';
import { domainRoutes } from './domains.js';
import { registerApiCompression } from './compression.js';
import { ApiError, apiErrorHandler } from './errors.js';
import { invitationRoutes } from './invitations.js';
import { keyRoutes } from './keys.js';
import { migrationRoutes } from './migration.js';
import { refuseNulBytes } from './nul-bytes.js';
import { passwordResetRoutes } from './password-reset.js';
import { smartlinkRoutes } from './smartlinks.js';
import { userRoutes } from './users.js';
import { apiValidatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The session's CSRF token, when the caller is a signed-in user. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Served without a principal (sign-in). */
    public?: boolean;
  }
}

/** The caller's principal and scope; routes run only after authentication, so both exist. */
export function caller(request: FastifyRequest): { principal: Principal; scope: TenantScope } {
  const principal = request.principal as Principal;
  return { principal, scope: scopeOf(principal) };
}

/**
 * The docs page (swagger-ui): its own scripts and styles, the inline styles and data: icons its
 * components set, calls to this API; nothing else, never framed (checked in Chromium: no violation,
 * "Try it out" works). Every other API answer gets the default headers (src/security-headers.ts).
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const UNAUTHORIZED = {
  none: 'send Authorization: Bearer <API key>, or sign in',
  bad_key: 'unknown or revoked API key',
  expired_session: 'the session has expired: sign in again',
} as const;

export function apiRoutes(ctx: Pick<Context, 'database' | 'lookup' | 'config' | 'rollups' | 'forwarding' | 'artwork'>) {
  const identify = createAuthenticator(ctx.database.db);
  const appHost = ctx.config.appHost;

  /** Bearer key first, else the session cookie; 401 when neither names a live principal. */
  async function authenticate(request: FastifyRequest): Promise<void> {
    const result = await identify(request);
    if (!result.ok) throw new ApiError(401, 'unauthorized', UNAUTHORIZED[result.reason]);
    if (result.csrfToken !== null && appHost && requestHost(request) !== appHost) {
      throw new ApiError(401, 'unauthorized', `sessions are only valid on ${appHost}`);
    }
    request.principal = result.principal;
    request.csrfToken = result.csrfToken;
  }

  return async function api(app: FastifyInstance): Promise<void> {
    await registerApiCompression(app);
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    await app.register(
      async (v1) => {
        await v1.register(cookie);
        await v1.register(rateLimit, { global: false });
        v1.setValidatorCompiler(apiValidatorCompiler(v1.getSchemas()));
        v1.addHook('preValidation', refuseNulBytes);
        v1.setErrorHandler(apiErrorHandler);
        v1.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}` }));
        v1.decorateRequest('principal', null);
        v1.decorateRequest('csrfToken', null);
        v1.addHook('onRequest', async (request) => {
          if (request.routeOptions.config.public) return;
          await authenticate(request);
          const principal = request.principal as Principal;
          const writes = request.method !== 'GET' && request.method !== 'HEAD';
          if (writes && request.csrfToken !== null && !sameSecret(String(request.headers['x-csrf-token'] ?? ''), request.csrfToken)) {
            throw new ApiError(403, 'csrf', 'send the session’s CSRF token in X-CSRF-Token');
          }
          // Signing out and changing one's own password stay possible for read-only users.
          const ownAccount = request.routeOptions.url === '/api/v1/auth/logout' || request.routeOptions.url === '/api/v1/auth/password';
          if (writes && !ownAccount && !scopeOf(principal).canWrite) {
            throw new ApiError(403, 'read_only', principal.kind === 'key' ? 'this key can only read' : 'a viewer can only read');
          }
        });
        for (const routes of [authRoutes, clientRoutes, domainRoutes, smartlinkRoutes, catalogueRoutes, userRoutes, invitationRoutes, passwordResetRoutes, keyRoutes, auditRoutes, alertRoutes, analyticsRoutes, privacyApiRoutes, migrationRoutes]) await v1.register(routes(ctx));
      },
      { prefix: '/api/v1' },
    );
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

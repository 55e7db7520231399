// The OpenAPI document of Duotrack's HTTP API (`app.swagger()`, served at /api/openapi.json with a
// docs page at /api/docs by src/api/plugin.ts), built by @fastify/swagger from the route schemas
// and the named schemas (src/api/components.ts). Registered on the root before any route, so that
// it sees them all; it documents the management API and the machine-facing routes an integrator
// calls (an allow-list), never the fan pages or the web app. `redocly.yaml` holds the lint rules
// the document passes (test/api/openapi-lint.test.ts).
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { COMPONENTS } from './components.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The request body as the document shows it, for a route that reads its body itself (a stream). */
    documentedBody?: object;
  }
}

/** Documented outside /api/v1: the load balancer's, Prometheus' and the page script's routes. */
const MACHINE_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/api/health/tracking', '/metrics', '/e']);

/** Whether a route is part of the document. */
export const documented = (url: string): boolean => url.startsWith('/api/v1/') || MACHINE_ROUTES.has(url);

/** Every tag an operation may have, in the order the docs page lists them. */
export const TAGS = [
  { name: 'auth', description: 'Signing in and out with a password (a session cookie and its CSRF token), and one’s own password' },
  { name: 'clients', description: 'The labels and artists the agency tracks for: tags, branding, limits, consent policy, forwarding' },
  { name: 'smartlinks', description: 'Release pages and their service buttons, per-country destinations and tag overrides' },
  { name: 'catalogue', description: 'Filling a smartlink from a pasted link, UPC or ISRC: Deezer, iTunes, Spotify, Odesli and MusicBrainz, with where each service came from and how sure it is' },
  { name: 'users', description: 'People who sign in: master, client and viewer users' },
  { name: 'keys', description: 'API keys: master or per client, optionally read-only' },
  { name: 'audit', description: 'The audit log of every write' },
  { name: 'alerts', description: 'Incidents and dashboard notifications' },
  { name: 'analytics', description: 'The dashboards’ numbers, from the rollups; CSV export' },
  { name: 'privacy', description: 'Erasing a fan’s records; exporting a client’s raw events' },
  { name: 'migration', description: 'Moving a client from a legacy tracker: tracking mode, mirror, imported legacy counts, reconciliation' },
  { name: 'health', description: 'For load balancers and monitoring: liveness, the dual engine’s health, Prometheus metrics' },
  { name: 'tracking', description: 'What the smartlink pages themselves send' },
] as const;

async function openApi(app: FastifyInstance): Promise<void> {
  for (const schema of COMPONENTS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Duotrack API',
        version: '1',
        description:
          'Clients, smartlinks, users, API keys, analytics, alerts, privacy, migration and the audit log, under /api/v1; and the routes load balancers, Prometheus and the smartlink pages call. Authenticate with `Authorization: Bearer <API key>`, or sign in (POST /api/v1/auth/login) and send the session cookie with `X-CSRF-Token` on every write. Every error is an `Error`: `{ error, message, details? }`.',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: 'This Duotrack installation: the host serving this document' }],
      tags: [...TAGS],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A Duotrack API key (dtk_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'dt_session', description: 'The session cookie set by POST /api/v1/auth/login (or by accepting an invitation, or a password reset). A user on several clients acts, in each request, for the client named by the X-Duotrack-Client header when they are on it, else for their first client, with their role there.' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the installation' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    // Components under their own names (`$id`), not def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => {
      if (!documented(url)) return { schema: { ...schema, hide: true }, url };
      const body = route.config?.documentedBody;
      return { schema: body ? { ...schema, body } : schema, url };
    },
  });
}

/** The document's plugin, on the root (Fastify's skip-override, as fastify-plugin sets it): it must see every route. */
export const openApiDocument = Object.assign(openApi, { [Symbol.for('skip-override')]: true });

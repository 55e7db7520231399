// The web app under /app: hashed assets cached for a year, index.html (never stored) for every
// other /app path so that the app's own router takes over (history routing), and a clear 503 page
// when the app has not been built. Each file goes out in the best precompressed form the request's
// Accept-Encoding allows (br, gzip, else as built), with a strong ETag per form (304 on a match). With APP_HOST, the app exists only on that host. GET / leads
// to the app, except on a client's custom domain, where it stays the branded 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { requestHost } from '../host.js';
import { DEFAULT_WEB_ROOT, loadBundle, type Bundle, type BundleFile } from './bundle.js';
import { negotiateEncoding } from './encoding.js';
import { APP_HEADERS } from './security-headers.js';

export interface WebappOptions {
  /** The vite build's output directory. Default: <repo>/dist/web. */
  readonly root?: string;
}

/** While there is no build, how often a request may look for one again. */
const RETRY_MS = 2000;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Duotrack: web app not built</title></head>
<body><h1>The web app is not built</h1><p>Run <code>npm run build</code>, then restart Duotrack.</p>
<p>The API (<a href="/api/docs">/api/docs</a>) and the smartlink pages work without it.</p></body></html>`;

export function webappRoutes({ config, lookup }: Pick<Context, 'config' | 'lookup'>, { root = DEFAULT_WEB_ROOT }: WebappOptions = {}) {
  return async function routes(app: FastifyInstance): Promise<void> {
    let bundle: Bundle | null = await loadBundle(root);
    let lookedAt = Date.now();

    /** The bundle, looking for a build again (at most every RETRY_MS) while there is none. */
    async function current(): Promise<Bundle | null> {
      if (!bundle && Date.now() - lookedAt >= RETRY_MS) {
        lookedAt = Date.now();
        bundle = await loadBundle(root);
      }
      return bundle;
    }

    const onAppHost = (request: FastifyRequest) => config.appHost === null || requestHost(request) === config.appHost;

    async function serve(request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) {
      if (!onAppHost(request)) return reply.callNotFound();
      const built = await current();
      reply.headers(APP_HEADERS);
      if (!built) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('retry-after', '60').send(NOT_BUILT);
      const path = request.params['*'] ?? '';
      const file = built.files.get(path);
      if (file) return sendFile(request, reply, file, file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      // A missing asset is a 404, never the app's HTML in place of a script.
      if (path.startsWith('assets/')) return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('not found');
      return sendFile(request, reply, built.index, 'no-store');
    }

    app.get('/app', async (request, reply) => (onAppHost(request) ? reply.redirect('/app/', 301) : reply.callNotFound()));
    app.get('/app/*', serve);

    app.get('/', async (request, reply) => {
      if (!onAppHost(request)) return reply.callNotFound();
      // A client's custom domain serves its smartlinks: its root stays their branded 404.
      if (config.appHost === null && (await lookup.domainClient(requestHost(request)).catch(() => null))) return reply.callNotFound();
      return reply.redirect('/app/', 302);
    });
  };
}

/** `file` in the best encoding the request accepts (406 if none), or 304 when the client holds that form. */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: BundleFile, cacheControl: string) {
  if (file.encodings.size > 1) reply.header('vary', 'accept-encoding');
  const encoding = negotiateEncoding(request.headers['accept-encoding'], file.encodings);
  const chosen = encoding === null ? undefined : file.encodings.get(encoding);
  if (!chosen) {
    return reply.code(406).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(`not acceptable: available as ${[...file.encodings.keys()].join(', ')}`);
  }
  reply.type(file.type).header('cache-control', cacheControl).header('etag', chosen.etag);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  if (matchesIfNoneMatch(request.headers['if-none-match'], chosen.etag)) return reply.code(304).send();
  return reply.send(chosen.body);
}

/** If-None-Match (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

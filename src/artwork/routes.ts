// GET /art/<id>/<variant>: an artwork's files, immutable (the id is the source's hash), from an
// in-memory LRU of recent files in front of the database.
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context.js';
import { isVariantName } from './process.js';
import { readVariant, type StoredVariant } from './store.js';

/** Bytes of artwork files each node keeps in memory. */
const CACHE_BYTES = 32 * 1024 * 1024;
const ID = /^[0-9a-f]{32}$/;

export function artworkRoutes({ database }: Pick<Context, 'database'>) {
  const cache = new LRUCache<string, StoredVariant>({ maxSize: CACHE_BYTES, sizeCalculation: (v) => Math.max(v.bytes.length, 1) });
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string; variant: string } }>('/art/:id/:variant', async (request, reply) => {
      const { id, variant } = request.params;
      if (!ID.test(id) || !isVariantName(variant)) return reply.callNotFound();
      const key = `${id}/${variant}`;
      let file = cache.get(key);
      if (!file) {
        const stored = await readVariant(database.db, id, variant);
        if (!stored) return reply.callNotFound();
        cache.set(key, (file = stored));
      }
      const etag = `"${id}-${variant}"`;
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', etag)
        .header('cross-origin-resource-policy', 'cross-origin');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(file.type).send(file.bytes);
    });
  };
}

// /api/v1/keys: API keys, master or per client, optionally read-only. The key is in the creation
// response only; afterwards a key is known by its prefix. Revoking is immediate and final.
import type { FastifyInstance } from 'fastify';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from '../auth/api-keys.js';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf } from '../auth/principal.js';
import type { Context } from '../context.js';
import { getClient } from '../tenants/client.js';
import { forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { API_KEY, ERRORS, ID_PARAMS, NEW_API_KEY, page, PAGE_QUERY, paginate } from './schemas.js';

export function keyRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/keys',
      { schema: { tags: ['keys'], summary: 'List the API keys visible to the caller (never the keys themselves)', querystring: { type: 'object', properties: PAGE_QUERY }, response: { 200: page(API_KEY), ...ERRORS } } },
      async (request) => paginate(await listApiKeys(db, caller(request).scope), request.query),
    );

    app.post<{ Body: { name: string; clientId?: string | null; readOnly?: boolean } }>(
      '/keys',
      { schema: { tags: ['keys'], summary: 'Create an API key: the response is the only time it is shown', body: NEW_API_KEY, response: { 201: API_KEY, ...ERRORS } } },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        // Absent: the caller's own client (none for master). An explicit null asks for a master key.
        const clientId = request.body.clientId === undefined ? scope.clientId : request.body.clientId;
        if (clientId === null && scope.clientId !== null) throw forbidden('only master may create master keys');
        if (clientId !== null && (!scope.sees(clientId) || !(await getClient(db, clientId)))) throw notFound(`client ${clientId}`);
        const readOnly = request.body.readOnly ?? false;
        const created = await db.transaction().execute(async (trx) => {
          const key = await createApiKey(trx, { clientId, name: request.body.name, readOnly });
          await recordAudit(trx, { actor: actorOf(principal), clientId, action: 'key.create', target: key.id, after: { name: request.body.name, clientId, readOnly, prefix: key.prefix } });
          return key;
        });
        const info = (await listApiKeys(db, scope)).find((k) => k.id === created.id) as ApiKeyInfo;
        return reply.code(201).send({ ...info, key: created.key });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/keys/:id',
      { schema: { tags: ['keys'], summary: 'Revoke an API key', params: ID_PARAMS, response: { 204: { type: 'null' }, ...ERRORS } } },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const key = (await listApiKeys(db, scope)).find((k) => k.id === request.params.id);
        if (!key) throw notFound(`key ${request.params.id}`);
        await db.transaction().execute(async (trx) => {
          await revokeApiKey(trx, key.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: key.clientId, action: 'key.revoke', target: key.id, before: key });
        });
        return reply.code(204).send();
      },
    );
  };
}

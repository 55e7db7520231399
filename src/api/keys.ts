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
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { API_KEY, API_KEY_PAGE, ID_PARAMS, NEW_API_KEY, PAGE_QUERY, paginate } from './schemas.js';

export function keyRoutes({ database }: Pick<Context, 'database'>) {
  const db = database.db;
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number } }>(
      '/keys',
      {
        schema: {
          operationId: 'listApiKeys',
          tags: ['keys'],
          summary: 'List the API keys visible to the caller (never the keys themselves)',
          querystring: { type: 'object', properties: PAGE_QUERY },
          response: withErrors({ 200: ok(API_KEY_PAGE, 'A page of API keys') }, READ),
        },
      },
      async (request) => paginate(await listApiKeys(db, caller(request).scope), request.query),
    );

    app.post<{ Body: { name: string; clientId?: string | null; readOnly?: boolean } }>(
      '/keys',
      {
        schema: {
          operationId: 'createApiKey',
          tags: ['keys'],
          summary: 'Create an API key: the response is the only time it is shown',
          body: ref(NEW_API_KEY),
          response: withErrors({ 201: ok(API_KEY, 'The key created, with `key` itself (shown this once)') }, [...WRITE_BODY, 404], { 403: 'Read-only, or a master key asked by a client' }),
        },
      },
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
      {
        schema: {
          operationId: 'revokeApiKey',
          tags: ['keys'],
          summary: 'Revoke an API key',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Revoked: the key no longer works, at once') }, [...WRITE, 404]),
        },
      },
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

// /api/v1/clients/{id}/archive, /restore and DELETE /clients/{id}: the agency (master) ends a
// client (src/tenants/lifecycle.ts). Archived: pages answer 410, data kept, restorable. Deleted:
// only once archived; the client and everything of it go for good. Every step audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { getClient, withoutSecrets, type Client } from '../tenants/client.js';
import { deleteClient, setArchived } from '../tenants/lifecycle.js';
import { conflict, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { noContent, ok, withErrors, WRITE } from './responses.js';
import { CLIENT, ID_PARAMS } from './schemas.js';

export function clientLifecycleRoutes({ database, lookup }: Pick<Context, 'database' | 'lookup'>) {
  const db = database.db;

  /** The client, for a master caller; 403 for anyone else (before looking: nothing said about other clients), 404 when there is none. */
  async function masterClient(request: FastifyRequest<{ Params: { id: string } }>, action: string): Promise<{ client: Client; actor: string }> {
    const { principal, scope } = caller(request);
    if (scope.clientId !== null) throw forbidden(`only the agency (master) can ${action} a client`);
    const client = await getClient(db, request.params.id);
    if (!client) throw notFound(`client ${request.params.id}`);
    return { client, actor: actorOf(principal) };
  }

  /** Archives (a time) or restores (null) a client, audited; the pages follow at once on every node. */
  async function archive(request: FastifyRequest<{ Params: { id: string } }>, archivedAt: number | null): Promise<Client> {
    const { client, actor } = await masterClient(request, archivedAt === null ? 'restore' : 'archive');
    if ((client.archivedAt !== null) === (archivedAt !== null)) return withoutSecrets(client); // already so
    return db
      .transaction()
      .execute(async (trx) => {
        await setArchived(trx, client.id, archivedAt);
        const after = withoutSecrets((await getClient(trx, client.id)) as Client);
        await recordAudit(trx, { actor, clientId: client.id, action: archivedAt === null ? 'client.restore' : 'client.archive', target: client.id, before: withoutSecrets(client), after });
        return after;
      })
      .finally(() => lookup.invalidate());
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Params: { id: string } }>(
      '/clients/:id/archive',
      {
        schema: {
          operationId: 'archiveClient',
          tags: ['clients'],
          summary: "Archive a client (master): its pages answer 410 'no longer available', it leaves the lists (GET /clients?includeArchived=true shows it), nothing is deleted; restorable",
          params: ID_PARAMS,
          response: withErrors({ 200: ok(CLIENT, 'The client, archived (archivedAt set)') }, [...WRITE, 404], { 403: 'Read-only, or not master' }),
        },
      },
      (request) => archive(request, Date.now()),
    );

    app.post<{ Params: { id: string } }>(
      '/clients/:id/restore',
      {
        schema: {
          operationId: 'restoreClient',
          tags: ['clients'],
          summary: 'Restore an archived client (master): its live smartlinks serve again',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(CLIENT, 'The client, active again (archivedAt null)') }, [...WRITE, 404], { 403: 'Read-only, or not master' }),
        },
      },
      (request) => archive(request, null),
    );

    app.delete<{ Params: { id: string } }>(
      '/clients/:id',
      {
        schema: {
          operationId: 'deleteClient',
          tags: ['clients'],
          summary:
            'Delete an archived client (master) and everything of it, for good: smartlinks, events (the rollups follow), rollups, imported counts, API keys, its users’ access (a user who works for no other client is deleted), domain, forwarding credentials and queue, migration settings, alerts. The audit log keeps its entries.',
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Deleted, with everything of it') }, [...WRITE, 404, 409], { 403: 'Read-only, or not master', 409: 'The client is not archived: archive it first' }),
        },
      },
      async (request, reply) => {
        const { client, actor } = await masterClient(request, 'delete');
        if (client.archivedAt === null) throw conflict(`client ${client.name} is not archived: archive it first (POST /clients/${client.id}/archive)`);
        await deleteClient(database, client.id, async (trx) => {
          await recordAudit(trx, { actor, clientId: client.id, action: 'client.delete', target: client.id, before: withoutSecrets(client) });
        }).finally(() => lookup.invalidate());
        return reply.code(204).send();
      },
    );
  };
}

// /api/v1/smartlinks: create, list (filter by client, status, text), read, change and delete
// smartlinks, within the caller's scope and the client's monthly quota (checked in the creating
// transaction). Deleting removes its events too (smartlink-deletion.ts); archiving keeps them.
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import {
  createSmartlink,
  getSmartlink,
  getSmartlinkBySlug,
  listSmartlinks,
  mayCreateThisMonth,
  updateSmartlink,
  type NewSmartlink,
  type Smartlink,
  type SmartlinkStatus,
} from '../links/smartlink.js';
import { deleteSmartlink } from '../links/smartlink-deletion.js';
import { getClient } from '../tenants/client.js';
import { ApiError, conflict, notFound } from './errors.js';
import { caller } from './plugin.js';
import { noContent, ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS, NEW_SMARTLINK, PAGE_QUERY, SMARTLINK, SMARTLINK_CHANGE, SMARTLINK_PAGE } from './schemas.js';

type NewSmartlinkBody = Omit<NewSmartlink, 'clientId'> & { clientId?: string };

export function smartlinkRoutes({ database, lookup, artwork }: Pick<Context, 'database' | 'lookup' | 'artwork'>) {
  const db = database.db;

  async function slugIsFree(slug: string, except?: string): Promise<void> {
    const taken = await getSmartlinkBySlug(db, slug.toLowerCase());
    if (taken && taken.id !== except) throw conflict(`slug "${slug}" is already taken`);
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { limit: number; offset: number; clientId?: string; status?: SmartlinkStatus; q?: string } }>(
      '/smartlinks',
      {
        schema: {
          operationId: 'listSmartlinks',
          tags: ['smartlinks'],
          summary: 'List smartlinks, newest first',
          querystring: {
            type: 'object',
            properties: {
              ...PAGE_QUERY,
              clientId: { type: 'string', maxLength: 64 },
              status: { type: 'string', enum: ['draft', 'live', 'archived'] },
              q: { type: 'string', maxLength: 100, description: 'Part of the slug, artist or title' },
            },
          },
          response: withErrors({ 200: ok(SMARTLINK_PAGE, 'A page of smartlinks') }, READ),
        },
      },
      async (request) => {
        const { scope } = caller(request);
        const { limit, offset, clientId, status, q } = request.query;
        const { items, total } = await listSmartlinks(db, scope, { limit, offset, clientId, status, q });
        return { data: items, page: { limit, offset, total } };
      },
    );

    app.post<{ Body: NewSmartlinkBody }>(
      '/smartlinks',
      {
        schema: {
          operationId: 'createSmartlink',
          tags: ['smartlinks'],
          summary: 'Create a smartlink',
          body: ref(NEW_SMARTLINK),
          response: withErrors({ 201: ok(SMARTLINK, 'The smartlink created') }, [...WRITE_BODY, 404, 409, 429], {
            404: 'No such client (or not visible to the caller)',
            409: 'The slug is taken, or the client is archived',
            429: "The client's monthly quota of smartlinks is used up (settings.maxSmartlinksPerMonth)",
          }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const clientId = request.body.clientId ?? scope.clientId;
        if (!clientId) throw new ApiError(400, 'invalid', 'clientId is required with a master key');
        const client = scope.sees(clientId) ? await getClient(db, clientId) : undefined;
        if (!client) throw notFound(`client ${clientId}`);
        if (client.archivedAt !== null) throw conflict(`client ${client.name} is archived: restore it to create smartlinks`);
        await slugIsFree(request.body.slug);
        const { clientId: _ignored, ...fields } = request.body;
        const smartlink = await db.transaction().execute(async (trx) => {
          if (!(await mayCreateThisMonth(trx, database.dialect, client))) {
            throw new ApiError(429, 'quota_exceeded', `${client.name} may create ${client.settings.maxSmartlinksPerMonth} smartlinks a month (settings.maxSmartlinksPerMonth)`);
          }
          const created = await createSmartlink(trx, { ...fields, clientId: client.id });
          await recordAudit(trx, { actor: actorOf(principal), clientId: client.id, action: 'smartlink.create', target: created.id, after: created });
          return created;
        }).finally(() => lookup.invalidate());
        artwork.request(smartlink); // copied in the background: the page shows artworkUrl until then
        return reply.code(201).send(smartlink);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/smartlinks/:id',
      {
        schema: {
          operationId: 'getSmartlink',
          tags: ['smartlinks'],
          summary: 'One smartlink',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(SMARTLINK, 'The smartlink') }, [...READ, 404]),
        },
      },
      async (request): Promise<Smartlink> => {
        const smartlink = await getSmartlink(db, caller(request).scope, request.params.id);
        if (!smartlink) throw notFound(`smartlink ${request.params.id}`);
        return smartlink;
      },
    );

    app.patch<{ Params: { id: string }; Body: Partial<Omit<NewSmartlink, 'clientId'>> }>(
      '/smartlinks/:id',
      {
        schema: {
          operationId: 'updateSmartlink',
          tags: ['smartlinks'],
          summary: 'Change a smartlink (fields given replace the current ones)',
          params: ID_PARAMS,
          body: ref(SMARTLINK_CHANGE),
          response: withErrors({ 200: ok(SMARTLINK, 'The smartlink as changed') }, [...WRITE_BODY, 404, 409], { 409: 'The slug is taken' }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const current = await getSmartlink(db, scope, request.params.id);
        if (!current) throw notFound(`smartlink ${request.params.id}`);
        if (request.body.slug) await slugIsFree(request.body.slug, current.id);
        const updated = await db.transaction().execute(async (trx) => {
          const changed = await updateSmartlink(trx, current, request.body);
          await recordAudit(trx, { actor: actorOf(principal), clientId: current.clientId, action: 'smartlink.update', target: current.id, before: current, after: changed });
          return changed;
        }).finally(() => lookup.invalidate());
        artwork.request(updated); // a new artworkUrl is copied in the background
        return updated;
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/smartlinks/:id',
      {
        schema: {
          operationId: 'deleteSmartlink',
          tags: ['smartlinks'],
          summary:
            "Delete a smartlink for good, with its events (the client's figures no longer count them), imported counts and queued deliveries; its slug is free again. To stop a page and keep its figures, set its status to archived instead.",
          params: ID_PARAMS,
          response: withErrors({ 204: noContent('Deleted, with its events') }, [...WRITE, 404]),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        const smartlink = await getSmartlink(db, scope, request.params.id);
        if (!smartlink) throw notFound(`smartlink ${request.params.id}`);
        await deleteSmartlink(database, smartlink, {
          stopped: () => lookup.invalidate(),
          audit: (trx) => recordAudit(trx, { actor: actorOf(principal), clientId: smartlink.clientId, action: 'smartlink.delete', target: smartlink.id, before: smartlink }),
        }).finally(() => lookup.invalidate());
        return reply.code(204).send();
      },
    );
  };
}

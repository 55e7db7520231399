// /api/v1/clients: master keys manage every client; a client key reads its own and may change its
// tags, tag policy (settings.tagPolicy, settings.tagAllowList), branding, consent policy and reporting time zone (other settings, domain and revenue value are
// the agency's). A time zone that moves the client's local hours has its rollups rebuilt. Archiving
// and deleting are client-lifecycle.ts.
import type { FastifyInstance } from 'fastify';
import { scheduleRebuild } from '../analytics/rollup-folder.js';
import { hourAlignment } from '../analytics/time-zone.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-log.js';
import { migrationState, migrationStates } from '../migration/mode.js';
import type { Context } from '../context.js';
import { refusedAddress } from '../delivery/outbound.js';
import { CLIENT_EDITABLE_SETTINGS, createClient, getClient, listClients, updateClient, withoutSecrets, type Client, type NewClient } from '../tenants/client.js';
import { forwardingViews, InvalidForwarding, updateForwarding, type ForwardingChange } from '../forwarding/settings.js';
import { clientLifecycleRoutes } from './client-lifecycle.js';
import { ApiError, conflict, forbidden, notFound } from './errors.js';
import { caller } from './plugin.js';
import { ok, READ, ref, withErrors, WRITE_BODY } from './responses.js';
import { CLIENT, CLIENT_CHANGE, CLIENT_PAGE, ID_PARAMS, NEW_CLIENT, PAGE_QUERY, paginate } from './schemas.js';

const MASTER_ONLY_FIELDS = ['name', 'domain', 'settings', 'conversionValue', 'currency'] as const;

/** The master-only fields a change sets: `settings` counts only with keys other than the client's own (its tag policy). */
function masterOnlyFields(change: Partial<NewClient>): string[] {
  const agencySettings = (key: string) => !(CLIENT_EDITABLE_SETTINGS as readonly string[]).includes(key);
  return MASTER_ONLY_FIELDS.filter((f) => change[f] !== undefined && (f !== 'settings' || Object.keys(change.settings ?? {}).some(agencySettings)));
}

export function clientRoutes({ database, lookup, forwarding, config }: Pick<Context, 'database' | 'lookup' | 'forwarding' | 'config'>) {
  const db = database.db;
  /** Server-side forwarding as shown (credentials: set or not, never their value). */
  const forwardingOf = async (id: string) => (await forwardingViews(db, [id])).get(id);

  /** The client, if visible to the caller; 404 otherwise, whether or not it exists. */
  async function visibleClient(id: string, sees: (clientId: string) => boolean): Promise<Client> {
    const client = sees(id) ? await getClient(db, id) : undefined;
    if (!client) throw notFound(`client ${id}`);
    return client;
  }

  /** A Slack webhook must not name an address alerts are never sent to (loopback, private, link-local…). */
  function checkSlackWebhook(next: Partial<NewClient>): void {
    const refused = next.settings?.slackWebhookUrl ? refusedAddress(next.settings.slackWebhookUrl, config.outboundAllow) : null;
    if (refused) throw new ApiError(400, 'invalid', `settings.slackWebhookUrl: ${refused}`);
  }

  /**
   * Setting a domain needs the permission, and no other client may have it. (Withdrawing the
   * permission later is allowed: the domain is then simply not served.)
   */
  async function checkDomain(next: Partial<NewClient>, current: Client | null): Promise<void> {
    const domain = next.domain;
    if (!domain) return;
    const allowed = next.settings?.allowCustomDomains ?? current?.settings.allowCustomDomains ?? false;
    if (!allowed) throw forbidden('custom domains are not allowed for this client (settings.allowCustomDomains)');
    const owner = await db.selectFrom('clients').select('id').where('domain', '=', domain.toLowerCase()).executeTakeFirst();
    if (owner && owner.id !== current?.id) throw conflict(`domain ${domain} is already used by another client`);
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    await app.register(clientLifecycleRoutes({ database, lookup }));

    app.get<{ Querystring: { limit: number; offset: number; q?: string; includeArchived?: boolean } }>(
      '/clients',
      {
        schema: {
          operationId: 'listClients',
          tags: ['clients'],
          summary: 'List the clients visible to the caller',
          querystring: {
            type: 'object',
            properties: {
              ...PAGE_QUERY,
              q: { type: 'string', maxLength: 100, description: 'Part of the name or domain' },
              includeArchived: { type: 'boolean', default: false, description: 'Archived clients too (a client key always sees its own client)' },
            },
          },
          response: withErrors({ 200: ok(CLIENT_PAGE, 'A page of clients') }, READ),
        },
      },
      async (request) => {
        const { scope } = caller(request);
        const needle = request.query.q?.toLowerCase();
        const activeOnly = scope.clientId === null && !request.query.includeArchived;
        const all = (await listClients(db, scope, { activeOnly })).filter((c) => !needle || c.name.toLowerCase().includes(needle) || !!c.domain?.includes(needle));
        const migrations = await migrationStates(db, all.map((c) => c.id)); // tracking mode and mirror (SPEC §11)
        const forwardings = await forwardingViews(db, all.map((c) => c.id));
        return paginate(all.map((c) => ({ ...withoutSecrets(c), migration: migrations.get(c.id), forwarding: forwardings.get(c.id) })), request.query);
      },
    );

    app.post<{ Body: NewClient }>(
      '/clients',
      {
        schema: {
          operationId: 'createClient',
          tags: ['clients'],
          summary: 'Create a client (master keys)',
          body: ref(NEW_CLIENT),
          response: withErrors({ 201: ok(CLIENT, 'The client created') }, [...WRITE_BODY, 409], {
            403: 'Read-only, not master, or a domain without settings.allowCustomDomains',
            409: 'Another client has this domain',
          }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = caller(request);
        if (scope.clientId !== null) throw forbidden('only a master key can create clients');
        checkSlackWebhook(request.body);
        await checkDomain(request.body, null);
        const client = await db.transaction().execute(async (trx) => {
          const created = withoutSecrets(await createClient(trx, request.body, { appHost: config.appHost }));
          await recordAudit(trx, { actor: actorOf(principal), clientId: created.id, action: 'client.create', target: created.id, after: created });
          return created;
        });
        return reply.code(201).send({ ...client, forwarding: await forwardingOf(client.id) });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/clients/:id',
      {
        schema: {
          operationId: 'getClient',
          tags: ['clients'],
          summary: 'One client',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(CLIENT, 'The client') }, [...READ, 404]),
        },
      },
      async (request) => {
        const client = withoutSecrets(await visibleClient(request.params.id, caller(request).scope.sees));
        return { ...client, migration: await migrationState(db, client.id), forwarding: await forwardingOf(client.id) };
      },
    );

    app.patch<{ Params: { id: string }; Body: Partial<NewClient> & { forwarding?: ForwardingChange } }>(
      '/clients/:id',
      {
        schema: {
          operationId: 'updateClient',
          tags: ['clients'],
          summary: 'Change a client (nested objects are merged)',
          params: ID_PARAMS,
          body: ref(CLIENT_CHANGE),
          response: withErrors({ 200: ok(CLIENT, 'The client as changed') }, [...WRITE_BODY, 404, 409], {
            403: "Read-only, a client key changing the agency's fields (name, domain, settings, conversionValue, currency), or a domain without settings.allowCustomDomains",
            409: 'Another client has this domain',
          }),
        },
      },
      async (request) => {
        const { principal, scope } = caller(request);
        const current = await visibleClient(request.params.id, scope.sees);
        const masterOnly = masterOnlyFields(request.body);
        if (scope.clientId !== null && masterOnly.length > 0) throw forbidden(`only a master key can change ${masterOnly.join(', ')}`);
        checkSlackWebhook(request.body);
        await checkDomain(request.body, current);
        const { forwarding: forwardingChange, ...change } = request.body;
        return db.transaction().execute(async (trx) => {
          const updated = withoutSecrets(await updateClient(trx, current, change, { appHost: config.appHost }));
          if (hourAlignment(updated.timeZone) !== hourAlignment(current.timeZone)) await scheduleRebuild(database, trx, current.id);
          // forwarding: client users set their own; the audit entry shows whether a credential is set, never its value
          const before = { ...withoutSecrets(current), forwarding: (await forwardingViews(trx, [current.id])).get(current.id) };
          const after = { ...updated, forwarding: forwardingChange ? await updateForwarding(trx, forwarding.box, current.id, forwardingChange).catch(invalidForwarding) : before.forwarding };
          await recordAudit(trx, { actor: actorOf(principal), clientId: current.id, action: 'client.update', target: current.id, before, after });
          return after;
        }).finally(() => lookup.invalidate());
      },
    );
  };
}

function invalidForwarding(err: unknown): never {
  if (err instanceof InvalidForwarding) throw new ApiError(400, 'invalid', err.message);
  throw err;
}

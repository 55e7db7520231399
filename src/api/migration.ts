// /api/v1 migration routes (SPEC §11). Switching a client's tracking mode, rolling it back and
// setting its legacy mirror are the agency's decisions: master only, audited. Legacy counts are
// imported (CSV or JSON, all or nothing) and reconciled by anyone who may see the client.
import type { FastifyInstance } from 'fastify';
import { InvalidReport } from '../analytics/report.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { refusedAddress } from '../delivery/outbound.js';
import { InvalidMigration, migrationState, migrationStates, removeMirror, rollbackMode, setMirror, switchMode, type MigrationState, type MirrorChange, type TrackingMode } from '../migration/mode.js';
import { reconcile, type Granularity } from '../migration/reconcile.js';
import { createSecretBox } from '../tenants/secrets.js';
import { listClients } from '../tenants/client.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { importRoutes } from './migration-imports.js';
import { MIGRATION_STATE, MIGRATION_STATES, MIRROR_CHANGE, MODE_CHANGE, RECONCILE_QUERY, RECONCILIATION } from './migration-schemas.js';
import { caller } from './plugin.js';
import { ok, READ, ref, withErrors, WRITE, WRITE_BODY } from './responses.js';
import { ID_PARAMS } from './schemas.js';

const MASTER_ONLY = { 403: 'Read-only, or the caller is not master' } as const;

/** What the audit log records of a state: never a secret. */
const audited = (s: MigrationState) => ({ mode: s.mode, previousMode: s.previousMode, mirror: s.mirror });

export function migrationRoutes({ database, config, rollups }: Pick<Context, 'database' | 'config' | 'rollups'>) {
  const db = database.db;
  const box = createSecretBox(config.secret);

  const masterOnly = (request: Parameters<typeof caller>[0], what: string) => {
    const who = caller(request);
    if (who.scope.clientId !== null) throw forbidden(`only the agency (master) can ${what}`);
    return who;
  };
  const existing = async (id: string) => {
    if (!(await db.selectFrom('clients').select('id').where('id', '=', id).executeTakeFirst())) throw notFound(`client ${id}`);
  };
  const refused = (err: unknown, status = 400): never => {
    if (err instanceof InvalidMigration) throw new ApiError(status, status === 409 ? 'conflict' : 'invalid', err.message, err.field && [{ instancePath: `/${err.field}`, message: err.message.replace(`${err.field}: `, '') }]);
    throw err;
  };

  return async function routes(app: FastifyInstance): Promise<void> {
    const tags = ['migration'];
    await app.register(importRoutes({ database }));

    app.get(
      '/migration/clients',
      {
        schema: {
          operationId: 'listMigrationStates',
          tags,
          summary: "Every client's tracking mode and mirror (master only)",
          response: withErrors({ 200: ok(MIGRATION_STATES, "Every client's migration state") }, [...READ, 403], { 403: 'The caller is not master' }),
        },
      },
      async (request) => {
        masterOnly(request, 'see every client’s migration');
        const clients = await listClients(db);
        const states = await migrationStates(db, clients.map((c) => c.id));
        return { data: clients.map((c) => ({ ...(states.get(c.id) as MigrationState), name: c.name })) };
      },
    );

    app.post<{ Params: { id: string }; Body: { mode: TrackingMode } }>(
      '/clients/:id/tracking-mode',
      {
        schema: {
          operationId: 'switchTrackingMode',
          tags,
          summary: 'Switch the client to legacy, dual or duotrack (master only; audited)',
          params: ID_PARAMS,
          body: ref(MODE_CHANGE),
          response: withErrors({ 200: ok(MIGRATION_STATE, 'The state after the switch') }, [...WRITE_BODY, 404, 409], { ...MASTER_ONLY, 409: 'The switch is not possible from the current mode' }),
        },
      },
      async (request) => {
        const { principal } = masterOnly(request, 'switch a client’s tracking mode');
        await existing(request.params.id);
        return db.transaction().execute(async (trx) => {
          const { before, after } = await switchMode(trx, request.params.id, request.body.mode).catch((err) => refused(err, 409));
          await recordAudit(trx, { actor: actorOf(principal), clientId: request.params.id, action: 'client.tracking_mode', target: request.params.id, before: audited(before), after: audited(after) });
          return after;
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/clients/:id/tracking-mode/rollback',
      {
        schema: {
          operationId: 'rollbackTrackingMode',
          tags,
          summary: 'Return the client to the mode before its last switch (master only; audited)',
          params: ID_PARAMS,
          response: withErrors({ 200: ok(MIGRATION_STATE, 'The state after the rollback') }, [...WRITE, 404, 409], { ...MASTER_ONLY, 409: 'There is no switch to roll back' }),
        },
      },
      async (request) => {
        const { principal } = masterOnly(request, 'roll back a client’s tracking mode');
        await existing(request.params.id);
        return db.transaction().execute(async (trx) => {
          const { before, after } = await rollbackMode(trx, request.params.id).catch((err) => refused(err, 409));
          await recordAudit(trx, { actor: actorOf(principal), clientId: request.params.id, action: 'client.tracking_mode', target: request.params.id, before: audited(before), after: { ...audited(after), rollback: true } });
          return after;
        });
      },
    );

    app.put<{ Params: { id: string }; Body: MirrorChange }>(
      '/clients/:id/mirror',
      {
        schema: {
          operationId: 'setMirror',
          tags,
          summary: "Set the client's legacy webhook and signing secret (master only; audited; the secret is never shown)",
          params: ID_PARAMS,
          body: ref(MIRROR_CHANGE),
          response: withErrors({ 200: ok(MIGRATION_STATE, 'The state with the mirror set') }, [...WRITE_BODY, 404], MASTER_ONLY),
        },
      },
      async (request) => {
        const { principal } = masterOnly(request, 'set a mirror');
        await existing(request.params.id);
        const refusedUrl = refusedAddress(request.body.url, config.outboundAllow);
        if (refusedUrl) throw new ApiError(400, 'invalid', `url: ${refusedUrl}`, [{ instancePath: '/url', message: refusedUrl }]);
        return db.transaction().execute(async (trx) => {
          const before = await migrationState(trx, request.params.id);
          const after = await setMirror(trx, box, request.params.id, request.body).catch((err) => refused(err));
          await recordAudit(trx, { actor: actorOf(principal), clientId: request.params.id, action: 'client.mirror', target: request.params.id, before: audited(before), after: { ...audited(after), secretChanged: request.body.secret !== undefined } });
          return after;
        });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/clients/:id/mirror',
      {
        schema: {
          operationId: 'removeMirror',
          tags,
          summary: "Remove the client's legacy webhook (master only; audited)",
          params: ID_PARAMS,
          response: withErrors({ 200: ok(MIGRATION_STATE, 'The state without a mirror') }, [...WRITE, 404], MASTER_ONLY),
        },
      },
      async (request) => {
        const { principal } = masterOnly(request, 'remove a mirror');
        await existing(request.params.id);
        return db.transaction().execute(async (trx) => {
          const before = await migrationState(trx, request.params.id);
          const after = await removeMirror(trx, request.params.id);
          await recordAudit(trx, { actor: actorOf(principal), clientId: request.params.id, action: 'client.mirror', target: request.params.id, before: audited(before), after: audited(after) });
          return after;
        });
      },
    );

    app.get<{ Querystring: { clientId?: string; from?: string; to?: string; hours: number; granularity: Granularity; tolerance: number } }>(
      '/migration/reconcile',
      {
        schema: {
          operationId: 'reconcile',
          tags,
          summary: 'Duotrack versus the legacy counts per client and day (or hour), with verdicts and what explains a gap',
          querystring: RECONCILE_QUERY,
          response: withErrors({ 200: ok(RECONCILIATION, 'The comparison, per client and period') }, [...READ, 404]),
        },
      },
      async (request) => {
        const { scope } = caller(request);
        const clientId = request.query.clientId ?? scope.clientId;
        if (clientId !== null && !scope.sees(clientId)) throw notFound(`client ${clientId}`);
        if (clientId !== null) await existing(clientId);
        await rollups.fold();
        try {
          return await reconcile(db, { ...request.query, clientId, sees: scope.sees });
        } catch (err) {
          if (err instanceof InvalidReport) throw new ApiError(400, 'bad_request', err.message);
          throw err;
        }
      },
    );
  };
}

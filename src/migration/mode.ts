// Each client's place in its migration from a legacy system (SPEC §11), switched by the agency:
//   legacy    Duotrack serves the pages and records, the legacy system stays the reference; every
//             event is mirrored to the legacy webhook (when one is set).
//   dual      both are references while they are reconciled; still mirrored.
//   duotrack  Duotrack is the reference; nothing is mirrored. Every new client starts here.
// A switch remembers the mode it left, and a rollback returns to it (a rollback of a rollback
// re-applies the switch). The API and the CLI record both in the audit log.
import type { Kysely } from 'kysely';
import type { ClientMigrationsTable, Schema, TrackingMode } from '../db/schema.js';
import { isHttpUrl } from '../links/url.js';
import type { SecretBox } from '../tenants/secrets.js';

export type { TrackingMode };
export const TRACKING_MODES: readonly TrackingMode[] = ['legacy', 'dual', 'duotrack'];
export const DEFAULT_MODE: TrackingMode = 'duotrack';
export const MIN_SECRET_LENGTH = 16;

export interface MirrorSettings {
  readonly url: string;
  readonly enabled: boolean;
  /** Always true once a mirror is set: the secret itself is never shown. */
  readonly secretSet: boolean;
}

export interface MigrationState {
  readonly clientId: string;
  readonly mode: TrackingMode;
  readonly previousMode: TrackingMode | null;
  readonly switchedAt: number | null;
  readonly mirror: MirrorSettings | null;
  /** Whether events are mirrored right now: a mirror on, in `legacy` or `dual`. */
  readonly mirroring: boolean;
}

export class InvalidMigration extends Error {
  constructor(
    message: string,
    /** The field of the change at fault, if one is. */
    readonly field?: 'mode' | 'url' | 'secret',
  ) {
    super(message);
  }
}

export function mirrors(row: Pick<ClientMigrationsTable, 'mode' | 'mirror_url' | 'mirror_enabled'>): boolean {
  return row.mode !== 'duotrack' && row.mirror_url !== null && Number(row.mirror_enabled) === 1;
}

function toState(clientId: string, row: ClientMigrationsTable | undefined): MigrationState {
  if (!row) return { clientId, mode: DEFAULT_MODE, previousMode: null, switchedAt: null, mirror: null, mirroring: false };
  return {
    clientId,
    mode: row.mode,
    previousMode: row.previous_mode,
    switchedAt: row.switched_at === null ? null : Number(row.switched_at),
    mirror: row.mirror_url === null ? null : { url: row.mirror_url, enabled: Number(row.mirror_enabled) === 1, secretSet: row.mirror_secret !== null },
    mirroring: mirrors(row),
  };
}

export async function migrationStates(db: Kysely<Schema>, clientIds: readonly string[]): Promise<Map<string, MigrationState>> {
  const rows = clientIds.length === 0 ? [] : await db.selectFrom('client_migrations').selectAll().where('client_id', 'in', [...clientIds]).execute();
  const byId = new Map(rows.map((r) => [r.client_id, r]));
  return new Map(clientIds.map((id) => [id, toState(id, byId.get(id))]));
}

export async function migrationState(db: Kysely<Schema>, clientId: string): Promise<MigrationState> {
  return (await migrationStates(db, [clientId])).get(clientId) as MigrationState;
}

async function upsert(db: Kysely<Schema>, clientId: string, change: Partial<Omit<ClientMigrationsTable, 'client_id'>>, now: number): Promise<void> {
  const base: ClientMigrationsTable = { client_id: clientId, mode: DEFAULT_MODE, previous_mode: null, switched_at: null, mirror_url: null, mirror_secret: null, mirror_enabled: 0, updated_at: now };
  await db
    .insertInto('client_migrations')
    .values({ ...base, ...change, updated_at: now })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ ...change, updated_at: now }))
    .execute();
}

/** Switches the client to `mode`; the mode it leaves becomes the rollback target. */
export async function switchMode(db: Kysely<Schema>, clientId: string, mode: TrackingMode, now = Date.now()): Promise<{ before: MigrationState; after: MigrationState }> {
  if (!TRACKING_MODES.includes(mode)) throw new InvalidMigration(`mode: one of ${TRACKING_MODES.join(', ')}`, 'mode');
  const before = await migrationState(db, clientId);
  if (before.mode === mode) throw new InvalidMigration(`the client is already on ${mode}`);
  await upsert(db, clientId, { mode, previous_mode: before.mode, switched_at: now }, now);
  return { before, after: await migrationState(db, clientId) };
}

/** Returns to the mode before the last switch (which in turn becomes the rollback target). */
export async function rollbackMode(db: Kysely<Schema>, clientId: string, now = Date.now()): Promise<{ before: MigrationState; after: MigrationState }> {
  const before = await migrationState(db, clientId);
  if (before.previousMode === null) throw new InvalidMigration('nothing to roll back: the client was never switched');
  await upsert(db, clientId, { mode: before.previousMode, previous_mode: before.mode, switched_at: now }, now);
  return { before, after: await migrationState(db, clientId) };
}

export interface MirrorChange {
  readonly url: string;
  /** Required the first time; omitted, the stored one is kept. */
  readonly secret?: string;
  readonly enabled?: boolean;
}

/** Sets (or changes) the client's mirror webhook. The secret is stored sealed. */
export async function setMirror(db: Kysely<Schema>, box: SecretBox, clientId: string, change: MirrorChange, now = Date.now()): Promise<MigrationState> {
  if (!isHttpUrl(change.url)) throw new InvalidMigration('url: an http(s) URL', 'url');
  if (change.secret !== undefined && change.secret.length < MIN_SECRET_LENGTH) throw new InvalidMigration(`secret: at least ${MIN_SECRET_LENGTH} characters`, 'secret');
  const current = await migrationState(db, clientId);
  if (change.secret === undefined && !current.mirror?.secretSet) throw new InvalidMigration('secret: required when setting a mirror for the first time', 'secret');
  await upsert(db, clientId, {
    mirror_url: change.url,
    ...(change.secret === undefined ? {} : { mirror_secret: box.seal(change.secret, clientId) }),
    mirror_enabled: (change.enabled ?? current.mirror?.enabled ?? true) ? 1 : 0,
  }, now);
  return migrationState(db, clientId);
}

export async function removeMirror(db: Kysely<Schema>, clientId: string, now = Date.now()): Promise<MigrationState> {
  await upsert(db, clientId, { mirror_url: null, mirror_secret: null, mirror_enabled: 0 }, now);
  return migrationState(db, clientId);
}

/** What a mirror sender needs: the URL and the sealed secret, when the client mirrors now. */
export async function mirrorTarget(db: Kysely<Schema>, clientId: string): Promise<{ url: string; sealedSecret: string } | null> {
  const row = await db.selectFrom('client_migrations').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row && mirrors(row) && row.mirror_secret ? { url: row.mirror_url as string, sealedSecret: row.mirror_secret } : null;
}

// Which clients a tenant-wide request covers: the one it names (if the caller sees it), the
// caller's own, or — for master naming none — every client. A client outside the caller's scope
// is "not found".
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { TenantScope } from '../tenants/scope.js';
import { notFound } from './errors.js';

export interface ClientSelection {
  readonly clientIds: string[];
  /** The one client's reporting time zone; UTC for every client together. */
  readonly timeZone: string;
  /** Every selected client reports in `timeZone` (always, for one client). */
  readonly localDays: boolean;
}

export async function selectClients(db: Kysely<Schema>, scope: TenantScope, clientId: string | null | undefined): Promise<ClientSelection> {
  const id = clientId ?? scope.clientId;
  if (id === null) {
    const all = await db.selectFrom('clients').select(['id', 'time_zone']).execute();
    return { clientIds: all.map((c) => c.id), timeZone: 'UTC', localDays: all.every((c) => c.time_zone === 'UTC') };
  }
  const client = scope.sees(id) ? await db.selectFrom('clients').select(['id', 'time_zone']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!client) throw notFound(`client ${id}`);
  return { clientIds: [client.id], timeZone: client.time_zone, localDays: true };
}

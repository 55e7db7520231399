// Memberships: the clients a (non-master) user works for, each with its role ('client' reads and
// writes, 'viewer' reads). The oldest one is the user's first client: where they act by default.
import type { Kysely } from 'kysely';
import type { MembershipsTable, Schema } from '../db/schema.js';

export type MemberRole = MembershipsTable['role'];

export interface Membership {
  readonly clientId: string;
  readonly clientName: string;
  readonly role: MemberRole;
}

/** Each user's memberships, first client first; narrowed to one client when `clientId` is given. */
export async function membershipsOf(db: Kysely<Schema>, userIds: readonly string[], clientId: string | null = null): Promise<Map<string, Membership[]>> {
  const byUser = new Map<string, Membership[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('clients', 'clients.id', 'memberships.client_id')
    .select(['memberships.user_id', 'memberships.client_id', 'memberships.role', 'clients.name'])
    .where('memberships.user_id', 'in', [...userIds])
    .$if(clientId !== null, (qb) => qb.where('memberships.client_id', '=', clientId as string))
    .orderBy('memberships.created_at')
    .orderBy('memberships.client_id')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push({ clientId: row.client_id, clientName: row.name, role: row.role });
  return byUser;
}

/** Adds the user to the client with this role, or changes their role there. */
export async function setMembership(db: Kysely<Schema>, userId: string, clientId: string, role: MemberRole, now = Date.now()): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, client_id: clientId, role, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'client_id']).doUpdateSet({ role }))
    .execute();
}

/** Takes the user off the client; whether they were on it. */
export async function removeMembership(db: Kysely<Schema>, userId: string, clientId: string): Promise<boolean> {
  const result = await db.deleteFrom('memberships').where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

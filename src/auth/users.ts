// Users: master (every client), or members of one or more clients with a role on each
// (memberships.ts). A user's `role` and `clientId` are those of the first membership shown: their
// first client, or the one the caller's scope narrows the list to.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { TenantScope } from '../tenants/scope.js';
import { membershipsOf, setMembership, type Membership } from './memberships.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import type { Role } from './principal.js';

export type { Role } from './principal.js';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly clientId: string | null;
  readonly memberships: readonly Membership[];
}

export class InvalidUser extends Error {}

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  /** The first client of a client or viewer user. */
  readonly clientId?: string | null;
}

/** The normal form of an email address, or InvalidUser. */
export function validEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new InvalidUser(`"${input}" is not an email address`);
  return email;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new InvalidUser(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

/** A new user: master, or a member of one client. */
export async function createUser(db: Kysely<Schema>, input: NewUser, now = Date.now()): Promise<User> {
  const email = validEmail(input.email);
  checkPassword(input.password);
  const clientId = input.clientId ?? null;
  if ((input.role === 'master') !== (clientId === null)) throw new InvalidUser(input.role === 'master' ? 'a master user belongs to no client' : `a ${input.role} user needs a client`);
  if (await userIdByEmail(db, email)) throw new InvalidUser(`a user with email ${email} already exists`);
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({ id, email, password_hash: await hashPassword(input.password), role: input.role === 'master' ? 'master' : 'member', created_at: now })
    .execute();
  if (input.role !== 'master') await setMembership(db, id, clientId as string, input.role, now);
  return (await getUser(db, null, id)) as User;
}

export async function userIdByEmail(db: Kysely<Schema>, email: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst())?.id;
}

/** Users visible in the scope, by email, with their memberships in it: a client's members only show that client. */
export async function listUsers(db: Kysely<Schema>, scope: TenantScope | null): Promise<User[]> {
  const clientId = scope?.clientId ?? null;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role'])
    .$if(clientId !== null, (qb) => qb.where('id', 'in', db.selectFrom('memberships').select('user_id').where('client_id', '=', clientId as string)))
    .orderBy('email')
    .execute();
  const memberships = await membershipsOf(db, rows.map((r) => r.id), clientId);
  return rows.map((row) => toUser(row, memberships.get(row.id) ?? []));
}

/** One user, when the scope (null: no narrowing, for the server itself) sees them. */
export async function getUser(db: Kysely<Schema>, scope: TenantScope | null, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(['id', 'email', 'role']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const clientId = scope?.clientId ?? null;
  const memberships = (await membershipsOf(db, [id], clientId)).get(id) ?? [];
  if (clientId !== null && memberships.length === 0) return undefined;
  return toUser(row, memberships);
}

function toUser(row: { id: string; email: string; role: 'master' | 'member' }, memberships: readonly Membership[]): User {
  if (row.role === 'master') return { id: row.id, email: row.email, role: 'master', clientId: null, memberships: [] };
  const first = memberships[0];
  return { id: row.id, email: row.email, role: first?.role ?? 'viewer', clientId: first?.clientId ?? null, memberships };
}

/** Deletes the user, their memberships, sessions and pending password resets. */
export async function deleteUser(db: Kysely<Schema>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  await db.deleteFrom('password_resets').where('user_id', '=', id).execute();
  await db.deleteFrom('memberships').where('user_id', '=', id).execute();
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Sets a new password (checked like any other). */
export async function setPassword(db: Kysely<Schema>, userId: string, password: string): Promise<void> {
  checkPassword(password);
  await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', userId).execute();
}

export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

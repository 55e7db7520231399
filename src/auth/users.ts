// Users: master (every client), client (one client), viewer (one client, read-only).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema, UsersTable } from '../db/schema.js';
import type { TenantScope } from '../tenants/scope.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';

export type Role = UsersTable['role'];

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly clientId: string | null;
}

export class InvalidUser extends Error {}

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly clientId?: string | null;
}

export async function createUser(db: Kysely<Schema>, input: NewUser, now = Date.now()): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new InvalidUser(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new InvalidUser(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const clientId = input.clientId ?? null;
  if ((input.role === 'master') !== (clientId === null)) throw new InvalidUser(input.role === 'master' ? 'a master user belongs to no client' : `a ${input.role} user belongs to one client`);
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) throw new InvalidUser(`a user with email ${email} already exists`);
  const user: User = { id: randomUUID(), email, role: input.role, clientId };
  await db
    .insertInto('users')
    .values({ id: user.id, email, password_hash: await hashPassword(input.password), role: input.role, client_id: clientId, created_at: now })
    .execute();
  return user;
}

const toUser = (row: { id: string; email: string; role: Role; client_id: string | null }): User => ({ id: row.id, email: row.email, role: row.role, clientId: row.client_id });

/** Users visible in the scope, by email. */
export async function listUsers(db: Kysely<Schema>, scope: TenantScope): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'client_id'])
    .$if(scope.clientId !== null, (qb) => qb.where('client_id', '=', scope.clientId as string))
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}

export async function getUser(db: Kysely<Schema>, scope: TenantScope, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(['id', 'email', 'role', 'client_id']).where('id', '=', id).executeTakeFirst();
  return row && (scope.clientId === null || row.client_id === scope.clientId) ? toUser(row) : undefined;
}

export async function deleteUser(db: Kysely<Schema>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Sets a new password (checked like any other). */
export async function setPassword(db: Kysely<Schema>, userId: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new InvalidUser(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', userId).execute();
}

export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

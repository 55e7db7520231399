// Users: master (every client), client (one client), viewer (one client, read-only).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema, UsersTable } from '../db/schema.js';
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

export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// Invitations by e-mail: an address invited to a client with a role (or as master, by master), with
// a one-time link valid 7 days. Accepting creates the account with the password the invitee
// chooses, or adds the client to the account that e-mail already has. Pending until accepted,
// revoked or expired; resending gives a new link (the old one stops working).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { InvitationsTable, Schema } from '../db/schema.js';
import type { TenantScope } from '../tenants/scope.js';
import { setMembership } from './memberships.js';
import { newToken, tokenHash } from './one-time-token.js';
import type { Role } from './principal.js';
import { createUser, InvalidUser, userIdByEmail, validEmail } from './users.js';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly clientId: string | null;
  readonly role: Role;
  readonly invitedBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: 'pending' | 'expired';
}

export interface NewInvitation {
  readonly email: string;
  readonly role: Role;
  readonly clientId: string | null;
  /** The audit log's name of who invites. */
  readonly invitedBy: string;
}

/** Why an invitation cannot be made: someone already has what it would give (409). */
export class InvitationConflict extends Error {}

type Row = Pick<InvitationsTable, 'id' | 'email' | 'client_id' | 'role' | 'invited_by' | 'created_at' | 'expires_at'>;
const COLUMNS = ['id', 'email', 'client_id', 'role', 'invited_by', 'created_at', 'expires_at'] as const;

const toInvitation = (row: Row, now: number): Invitation => ({
  id: row.id,
  email: row.email,
  clientId: row.client_id,
  role: row.role,
  invitedBy: row.invited_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  status: row.expires_at > now ? 'pending' : 'expired',
});

/** A new invitation and the token of its link (given once). */
export async function createInvitation(db: Kysely<Schema>, input: NewInvitation, now = Date.now()): Promise<{ invitation: Invitation; token: string }> {
  const email = validEmail(input.email);
  if ((input.role === 'master') !== (input.clientId === null)) throw new InvalidUser(input.role === 'master' ? 'a master invitation names no client' : `a ${input.role} invitation needs a client`);
  const existing = await db.selectFrom('users').select(['id', 'role']).where('email', '=', email).executeTakeFirst();
  if (existing?.role === 'master') throw new InvitationConflict(`${email} is a master user, who sees every client already`);
  if (existing && input.clientId === null) throw new InvitationConflict(`${email} has an account already`);
  if (existing && (await db.selectFrom('memberships').select('user_id').where('user_id', '=', existing.id).where('client_id', '=', input.clientId as string).executeTakeFirst())) {
    throw new InvitationConflict(`${email} is on this client already`);
  }
  const pending = await pendingQuery(db, now).where('email', '=', email).where((eb) => (input.clientId === null ? eb('client_id', 'is', null) : eb('client_id', '=', input.clientId))).executeTakeFirst();
  if (pending) throw new InvitationConflict(`${email} is invited already: resend that invitation`);
  const { token, hash } = newToken();
  const row = { id: randomUUID(), email, client_id: input.clientId, role: input.role, invited_by: input.invitedBy, created_at: now, expires_at: now + INVITATION_TTL_MS };
  await db.insertInto('invitations').values({ ...row, token_hash: hash, accepted_at: null, revoked_at: null }).execute();
  return { invitation: toInvitation(row, now), token };
}

/** Invitations neither accepted nor revoked (expired ones too: they may be resent), in the scope, newest first. */
export async function listInvitations(db: Kysely<Schema>, scope: TenantScope, now = Date.now()): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .select(COLUMNS)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .$if(scope.clientId !== null, (qb) => qb.where('client_id', '=', scope.clientId as string))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => toInvitation(row, now));
}

/** An open (not accepted, not revoked) invitation in the scope. */
export async function getInvitation(db: Kysely<Schema>, scope: TenantScope, id: string, now = Date.now()): Promise<Invitation | undefined> {
  const row = await db.selectFrom('invitations').select(COLUMNS).where('id', '=', id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
  return row && (scope.clientId === null || row.client_id === scope.clientId) ? toInvitation(row, now) : undefined;
}

export async function revokeInvitation(db: Kysely<Schema>, id: string, now = Date.now()): Promise<void> {
  await db.updateTable('invitations').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** A new link for the invitation, valid 7 days from now; the previous link stops working. */
export async function renewInvitation(db: Kysely<Schema>, id: string, now = Date.now()): Promise<{ invitation: Invitation; token: string }> {
  const { token, hash } = newToken();
  await db.updateTable('invitations').set({ token_hash: hash, created_at: now, expires_at: now + INVITATION_TTL_MS }).where('id', '=', id).execute();
  const row = await db.selectFrom('invitations').select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
  return { invitation: toInvitation(row, now), token };
}

/** What the link of a valid token offers, and whether its e-mail has an account already; undefined when it is not valid. */
export async function invitationByToken(db: Kysely<Schema>, token: string, now = Date.now()): Promise<{ invitation: Invitation; clientName: string | null; existingAccount: boolean } | undefined> {
  const hash = tokenHash(token);
  if (hash === null) return undefined;
  const row = await pendingQuery(db, now).select(COLUMNS).where('token_hash', '=', hash).executeTakeFirst();
  if (!row) return undefined;
  const client = row.client_id ? await db.selectFrom('clients').select('name').where('id', '=', row.client_id).executeTakeFirst() : undefined;
  return { invitation: toInvitation(row, now), clientName: client?.name ?? null, existingAccount: (await userIdByEmail(db, row.email)) !== undefined };
}

/**
 * Accepts a valid invitation, once; the user's id (a second acceptance, even a parallel one, finds it used): a new
 * account with `password`, or the client added to the existing account (whose password the caller
 * has checked). Run it in a transaction.
 */
export async function acceptInvitation(db: Kysely<Schema>, invitation: Invitation, password: string | null, now = Date.now()): Promise<string | undefined> {
  const claimed = await db.updateTable('invitations').set({ accepted_at: now }).where('id', '=', invitation.id).where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const existing = await userIdByEmail(db, invitation.email);
  if (existing === undefined) {
    if (password === null) throw new InvalidUser('choose a password');
    return (await createUser(db, { email: invitation.email, password, role: invitation.role, clientId: invitation.clientId }, now)).id;
  }
  if (invitation.clientId === null || invitation.role === 'master') throw new InvitationConflict(`${invitation.email} has an account already`);
  await setMembership(db, existing, invitation.clientId, invitation.role, now);
  return existing;
}

function pendingQuery(db: Kysely<Schema>, now: number) {
  return db.selectFrom('invitations').select('id').where('accepted_at', 'is', null).where('revoked_at', 'is', null).where('expires_at', '>', now);
}

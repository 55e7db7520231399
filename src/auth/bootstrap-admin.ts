// The first master admin of a fresh installation: from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
// generated password that the caller prints once.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { countUsers, createUser } from './users.js';

export interface AdminCredentials {
  readonly email: string;
  readonly password: string;
  readonly generated: boolean;
}

export async function ensureAdmin(db: Kysely<Schema>, email: string | null, password: string | null): Promise<AdminCredentials | null> {
  if ((await countUsers(db)) > 0) return null;
  const credentials = {
    email: email ?? 'admin@duotrack.local',
    password: password ?? randomBytes(12).toString('base64url'),
    generated: password === null,
  };
  try {
    await createUser(db, { email: credentials.email, password: credentials.password, role: 'master' });
  } catch (err) {
    // Two nodes started together on one fresh database: the other one created the first admin.
    if ((await countUsers(db)) > 0) return null;
    throw err;
  }
  return credentials;
}

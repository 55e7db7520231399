// Who is calling: an API key or a signed-in user, with the one client they belong to (none for
// master) and whether they may write.
import type { Role } from './users.js';

export interface Principal {
  readonly kind: 'key' | 'user';
  readonly id: string;
  readonly role: Role;
  /** The client this principal belongs to; null for master. */
  readonly clientId: string | null;
  readonly readOnly: boolean;
}

/** How the audit log names a principal. */
export function actorOf(p: Principal): string {
  return `${p.kind}:${p.id}`;
}

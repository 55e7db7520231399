// Who is calling: an API key or a signed-in user, acting for one client (none for master) with
// their role there, and whether they may write. A user on several clients acts for one of them per
// request (src/auth/sessions.ts): the scope of every request is exactly one membership.
export type Role = 'master' | 'client' | 'viewer';

export interface Principal {
  readonly kind: 'key' | 'user';
  readonly id: string;
  readonly role: Role;
  /** The client this principal acts for; null for master. */
  readonly clientId: string | null;
  readonly readOnly: boolean;
}

/** How the audit log names a principal. */
export function actorOf(p: Principal): string {
  return `${p.kind}:${p.id}`;
}

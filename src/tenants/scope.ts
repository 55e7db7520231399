// Tenant isolation, in one place. Every API read or write of tenant data takes a scope built from
// the principal, and the data functions narrow their queries with it (`.$if(scope.clientId …)`):
// master sees every client, anyone else exactly one (a user on several clients: the one the request
// acts for, src/auth/sessions.ts). A resource outside the scope is reported as
// not found, so its existence is not revealed.
import type { Principal } from '../auth/principal.js';

export interface TenantScope {
  /** null: every client (master); otherwise the only client visible. */
  readonly clientId: string | null;
  readonly canWrite: boolean;
  /** Whether a row of this client is visible. */
  sees(clientId: string): boolean;
}

export function scopeOf(principal: Principal): TenantScope {
  const clientId = principal.role === 'master' ? null : principal.clientId;
  if (principal.role !== 'master' && clientId === null) throw new Error(`principal ${principal.id} has no client`);
  return {
    clientId,
    canWrite: !principal.readOnly && principal.role !== 'viewer',
    sees: (id) => clientId === null || id === clientId,
  };
}

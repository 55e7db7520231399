// Who is signed in: read from GET /api/v1/auth/me at start, set by sign-in (or by accepting an
// invitation, or a password reset), cleared by sign-out or by any 401 from the API (an expired
// session). Holds the CSRF token the API client sends on writes, and the clients the user is on
// (acting.ts: which one each request acts for).
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/http';
import type { Membership, Role, Session, User } from '../api/types';
import { useLocation } from '../app/router';
import { actingClientAt, setMemberClients } from './acting';

export type SessionState = { readonly status: 'loading' } | { readonly status: 'signed-out'; readonly expired: boolean } | { readonly status: 'signed-in'; readonly user: User };

interface SessionValue {
  readonly state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  /** A session the API started otherwise (an invitation accepted, a password reset). */
  adopt(session: Session): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setMemberClients(session.user.memberships.map((m) => m.clientId));
    setState({ status: 'signed-in', user: session.user });
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', expired: true } : s.status === 'loading' ? { status: 'signed-out', expired: false } : s));
    });
    api.get('/api/v1/auth/me').then(accept, (err: unknown) => {
      if (!(err instanceof ApiError) || err.status !== 401) console.error(err);
      setState({ status: 'signed-out', expired: false });
    });
  }, [accept]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      signIn: async (email, password) => accept(await api.post('/api/v1/auth/login', { body: { email, password } })),
      adopt: accept,
      signOut: async () => {
        await api.post('/api/v1/auth/logout').catch(() => undefined);
        setCsrfToken(null);
        setMemberClients([]);
        setState({ status: 'signed-out', expired: false });
      },
    }),
    [state, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for components rendered behind the sign-in. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser while signed out');
  return state.user;
}

/** The membership the current page acts for (null for master): the client whose pages are open, or the last one opened, or the first. */
export function useActingMembership(): Membership | null {
  const user = useUser();
  const acting = actingClientAt(useLocation().path);
  return user.memberships.find((m) => m.clientId === acting) ?? user.memberships[0] ?? null;
}

/** Once in the app: when the acting client changes, every cached answer is fetched again (lists such as the users or the keys depend on it). */
export function useRefetchOnClientSwitch(): void {
  const clientId = useActingMembership()?.clientId;
  const client = useQueryClient();
  const previous = useRef(clientId);
  useEffect(() => {
    if (previous.current === clientId) return;
    previous.current = clientId;
    void client.invalidateQueries();
  }, [clientId, client]);
}

/** What the signed-in user may do where the page acts (the API enforces the same; the UI only hides what would be refused). */
export function usePermissions(): { readonly isMaster: boolean; readonly canWrite: boolean; readonly role: Role } {
  const user = useUser();
  const membership = useActingMembership();
  const role = user.role === 'master' ? 'master' : (membership?.role ?? user.role);
  return { isMaster: role === 'master', canWrite: role !== 'viewer', role };
}

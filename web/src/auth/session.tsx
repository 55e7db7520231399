// Who is signed in: read from GET /api/v1/auth/me at start, set by sign-in, cleared by sign-out or by
// any 401 from the API (an expired session). Holds the CSRF token the API client sends on writes.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/http';
import type { Session, User } from '../api/types';

export type SessionState = { readonly status: 'loading' } | { readonly status: 'signed-out'; readonly expired: boolean } | { readonly status: 'signed-in'; readonly user: User };

interface SessionValue {
  readonly state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
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
      signOut: async () => {
        await api.post('/api/v1/auth/logout').catch(() => undefined);
        setCsrfToken(null);
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

/** What the signed-in user may do (the API enforces the same; the UI only hides what would be refused). */
export function usePermissions(): { readonly isMaster: boolean; readonly canWrite: boolean } {
  const user = useUser();
  return { isMaster: user.role === 'master', canWrite: user.role !== 'viewer' };
}

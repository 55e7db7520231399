// The app: the router, the session, then either the sign-in page or the signed-in shell. The
// signed-in part is a separate chunk, loaded once a session exists: the sign-in screen (the first
// paint of most visits) needs only React, the router, the session and the form.
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../api/queryClient';
import { LoginPage } from '../auth/LoginPage';
import { usePublicPage } from '../auth/PublicPages';
import { SessionProvider, useSession } from '../auth/session';
import { Loading } from '../ui/Alert';
import { RouterProvider } from './router';

// A chunk that cannot be fetched (the connection dropped, or a new version replaced it since this
// page loaded) gets a way out instead of a blank page.
const SignedIn = lazy(() => import('./SignedIn').catch(() => ({ default: ReloadNeeded })));

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </RouterProvider>
    </QueryClientProvider>
  );
}

function Starting() {
  const { t } = useTranslation('app');
  return (
    <main className="center-page">
      <Loading what={t('starting')} />
    </main>
  );
}

function ReloadNeeded() {
  const { t } = useTranslation('app');
  return (
    <main className="center-page">
      <p className="message message-error" role="alert">
        {t('reloadNeeded')}
      </p>
      <button type="button" className="button-primary" onClick={() => window.location.reload()}>
        {t('reload')}
      </button>
    </main>
  );
}

function Gate() {
  const { state } = useSession();
  const publicPage = usePublicPage();
  // What one user loaded is never shown to the next one to sign in here.
  useEffect(() => {
    if (state.status === 'signed-out') queryClient.clear();
  }, [state.status]);
  if (publicPage) return publicPage;
  if (state.status === 'loading') return <Starting />;
  if (state.status === 'signed-out') return <LoginPage expired={state.expired} />;
  return (
    <Suspense fallback={<Starting />}>
      <SignedIn userId={state.user.id} />
    </Suspense>
  );
}

// The app: the router, the session, then either the sign-in page or the signed-in shell. The
// signed-in part is a separate chunk, loaded once a session exists: the sign-in screen (the first
// paint of most visits) needs only React, the router, the session and the form.
import { lazy, Suspense } from 'react';
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider, useSession } from '../auth/session';
import { Loading } from '../ui/Alert';
import { RouterProvider } from './router';

// A chunk that cannot be fetched (the connection dropped, or a new version replaced it since this
// page loaded) gets a way out instead of a blank page.
const SignedIn = lazy(() => import('./SignedIn').catch(() => ({ default: ReloadNeeded })));

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </RouterProvider>
  );
}

function Starting() {
  return (
    <main className="center-page">
      <Loading what="Starting Duotrack" />
    </main>
  );
}

function ReloadNeeded() {
  return (
    <main className="center-page">
      <p className="message message-error" role="alert">
        Duotrack could not load this screen: the connection dropped, or Duotrack was updated.
      </p>
      <button type="button" className="button-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') return <Starting />;
  if (state.status === 'signed-out') return <LoginPage expired={state.expired} />;
  return (
    <Suspense fallback={<Starting />}>
      <SignedIn userId={state.user.id} />
    </Suspense>
  );
}

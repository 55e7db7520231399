// The app: the router, the session, then either the sign-in page or the signed-in shell.
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider, useSession } from '../auth/session';
import { NotificationsProvider } from '../notifications/notifications';
import { Loading } from '../ui/Alert';
import { AppRoutes } from './AppRoutes';
import { RouterProvider } from './router';
import { Shell } from './Shell';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </RouterProvider>
  );
}

function Gate() {
  const { state } = useSession();
  if (state.status === 'loading') {
    return (
      <main className="center-page">
        <Loading what="Starting Duotrack" />
      </main>
    );
  }
  if (state.status === 'signed-out') return <LoginPage expired={state.expired} />;
  return (
    <NotificationsProvider key={state.user.id}>
      <Shell>
        <AppRoutes />
      </Shell>
    </NotificationsProvider>
  );
}

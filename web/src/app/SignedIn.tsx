// Everything a signed-in user sees: notifications, the shell and every page. Its own chunk of the
// build (App.tsx loads it lazily), so the sign-in screen downloads only what it shows.
import { NotificationsProvider } from '../notifications/notifications';
import { AppRoutes } from './AppRoutes';
import { Shell } from './Shell';

export default function SignedIn({ userId }: { readonly userId: string }) {
  return (
    <NotificationsProvider key={userId}>
      <Shell>
        <AppRoutes />
      </Shell>
    </NotificationsProvider>
  );
}

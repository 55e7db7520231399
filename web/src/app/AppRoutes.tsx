// Every page of the app by path (inside /app). A page the user's role may not see is "not found",
// like a resource outside their scope.
import type { ReactNode } from 'react';
import { ChangePasswordPage } from '../auth/ChangePasswordPage';
import { usePermissions, useUser } from '../auth/session';
import { ClientArea } from '../clients/ClientArea';
import { ClientSettingsPage } from '../clients/ClientSettingsPage';
import { NewClientPage } from '../clients/NewClientPage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { KeysPage } from '../keys/KeysPage';
import { MasterPage } from '../master/MasterPage';
import { MigrationPage } from '../migration/MigrationPage';
import { PrivacyPage } from '../privacy/PrivacyPage';
import { AuditPage } from '../audit/AuditPage';
import { NotificationsPage } from '../notifications/NotificationsPage';
import { SmartlinkEditorPage } from '../smartlinks/SmartlinkEditorPage';
import { SmartlinkListPage } from '../smartlinks/SmartlinkListPage';
import { NotFound } from '../ui/NotFound';
import { UsersPage } from '../users/UsersPage';
import { matchPath, Redirect, useLocation } from './router';

type Params = Readonly<Record<string, string>>;

interface Route {
  readonly pattern: string;
  readonly masterOnly?: boolean;
  readonly writersOnly?: boolean;
  render(params: Params): ReactNode;
}

const inClient = (params: Params, page: ReactNode) => (
  <ClientArea key={params.clientId} clientId={params.clientId as string}>
    {page}
  </ClientArea>
);

const ROUTES: readonly Route[] = [
  { pattern: '/', render: () => <Home /> },
  { pattern: '/login', render: () => <Redirect to="/" /> },
  { pattern: '/master', masterOnly: true, render: () => <MasterPage /> },
  { pattern: '/migration', masterOnly: true, render: () => <MigrationPage /> },
  { pattern: '/privacy', render: () => <PrivacyPage /> },
  { pattern: '/audit', masterOnly: true, render: () => <AuditPage /> },
  { pattern: '/clients/new', masterOnly: true, render: () => <NewClientPage /> },
  { pattern: '/clients/:clientId', render: (p) => inClient(p, <DashboardPage />) },
  { pattern: '/clients/:clientId/smartlinks', render: (p) => inClient(p, <SmartlinkListPage />) },
  { pattern: '/clients/:clientId/smartlinks/new', writersOnly: true, render: (p) => inClient(p, <SmartlinkEditorPage smartlinkId={null} />) },
  { pattern: '/clients/:clientId/smartlinks/:smartlinkId', render: (p) => inClient(p, <SmartlinkEditorPage key={p.smartlinkId} smartlinkId={p.smartlinkId as string} />) },
  { pattern: '/clients/:clientId/settings', render: (p) => inClient(p, <ClientSettingsPage />) },
  { pattern: '/users', writersOnly: true, render: () => <UsersPage /> },
  { pattern: '/keys', writersOnly: true, render: () => <KeysPage /> },
  { pattern: '/notifications', render: () => <NotificationsPage /> },
  { pattern: '/account/password', render: () => <ChangePasswordPage /> },
];

export function AppRoutes() {
  const { path } = useLocation();
  const { isMaster, canWrite } = usePermissions();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if ((route.masterOnly && !isMaster) || (route.writersOnly && !canWrite)) return <NotFound />;
    return <>{route.render(params)}</>;
  }
  return <NotFound />;
}

/** Master starts on every client's figures; a client user on their own dashboard. */
function Home() {
  const user = useUser();
  return <Redirect to={user.role === 'master' || !user.clientId ? '/master' : `/clients/${user.clientId}`} />;
}

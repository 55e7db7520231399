// The pages of one client: loads it (GET /api/v1/clients/{id}; another client's id is a 404, shown as
// "not found" with nothing of its data), gives it to the pages below, and the section tabs.
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import type { Client } from '../api/types';
import { useApi } from '../api/useApi';
import { NavLink } from '../app/router';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatDateTime } from '../ui/format';
import { NotFound } from '../ui/NotFound';

interface ClientValue {
  readonly client: Client;
  reload(): void;
}

const ClientContext = createContext<ClientValue | null>(null);

export function useClient(): ClientValue {
  const value = useContext(ClientContext);
  if (!value) throw new Error('useClient outside ClientArea');
  return value;
}

export function ClientArea({ clientId, children }: { readonly clientId: string; readonly children: ReactNode }) {
  const { t } = useTranslation('clients');
  const { data: client, error, reload } = useApi('/api/v1/clients/{id}', { path: { id: clientId } });
  if (error instanceof ApiError && error.status === 404) return <NotFound what="client" />;
  if (error && !client) return <ErrorMessage error={error} />;
  if (!client) return <Loading what={t('area.loading')} />;
  const base = `/clients/${encodeURIComponent(client.id)}`;
  return (
    <ClientContext.Provider value={{ client, reload }}>
      <div className="client-bar">
        <p className="client-name">{client.name}</p>
        <nav aria-label={t('area.sections', { name: client.name })} className="tabs">
          <ul>
            <li>
              <NavLink to={base} exact>
                {t('area.dashboard')}
              </NavLink>
            </li>
            <li>
              <NavLink to={`${base}/smartlinks`}>{t('area.smartlinks')}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/settings`}>{t('area.settings')}</NavLink>
            </li>
          </ul>
        </nav>
      </div>
      {client.archivedAt !== null ? <p className="message message-info">{t('area.archived', { date: formatDateTime(client.archivedAt) })}</p> : null}
      {children}
    </ClientContext.Provider>
  );
}

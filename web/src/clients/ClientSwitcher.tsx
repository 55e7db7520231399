// For master: jump to any client's pages; archived clients only when asked for.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiList } from '../api/useApi';
import { matchPath, useLocation, useNavigate } from '../app/router';

export function ClientSwitcher() {
  const { t } = useTranslation('clients');
  const [showArchived, setShowArchived] = useState(false);
  // Without archived clients: the same cached list as useClients().
  const clients = useApiList('/api/v1/clients', showArchived ? { query: { includeArchived: true } } : undefined);
  const { path } = useLocation();
  const navigate = useNavigate();
  const current = matchPath('/clients/:clientId', path.split('/').slice(0, 3).join('/'))?.clientId ?? '';
  const known = clients.data?.some((c) => c.id === current) ?? false;
  // A client created since the list was loaded: load it again (once per id).
  const reloadedFor = useRef('');
  const { reload } = clients;
  useEffect(() => {
    if (current && current !== 'new' && clients.data && !known && reloadedFor.current !== current) {
      reloadedFor.current = current;
      reload();
    }
  }, [current, known, clients.data, reload]);
  return (
    <div className="client-switcher">
      <label htmlFor="client-switcher">{t('switcher.label')}</label>
      <select id="client-switcher" value={known ? current : ''} onChange={(e) => e.target.value && navigate(`/clients/${e.target.value}`)}>
        <option value="">{t('switcher.choose')}</option>
        {clients.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.archivedAt === null ? c.name : t('switcher.archivedName', { name: c.name })}
          </option>
        ))}
      </select>
      <label className="client-switcher-archived">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t('switcher.showArchived')}
      </label>
    </div>
  );
}

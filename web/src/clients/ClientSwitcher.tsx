// For master: jump to any client's pages.
import { useEffect, useRef } from 'react';
import { useApi } from '../api/useApi';
import { matchPath, useLocation, useNavigate } from '../app/router';

export function ClientSwitcher() {
  const clients = useApi('/api/v1/clients', { query: { limit: 200 } });
  const { path } = useLocation();
  const navigate = useNavigate();
  const current = matchPath('/clients/:clientId', path.split('/').slice(0, 3).join('/'))?.clientId ?? '';
  const known = clients.data?.data.some((c) => c.id === current) ?? false;
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
      <label htmlFor="client-switcher">Client</label>
      <select id="client-switcher" value={known ? current : ''} onChange={(e) => e.target.value && navigate(`/clients/${e.target.value}`)}>
        <option value="">Choose a client…</option>
        {clients.data?.data.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

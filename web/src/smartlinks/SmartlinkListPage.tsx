// A client's smartlinks, newest first, searchable (slug, artist, title) and filtered by status.
import { useEffect, useState } from 'react';
import type { SmartlinkStatus } from '../api/types';
import { useApi } from '../api/useApi';
import { Link } from '../app/router';
import { usePermissions } from '../auth/session';
import { useClient } from '../clients/ClientArea';
import { ErrorMessage, Loading } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { publicUrl } from './publicUrl';
import { STATUS_NAMES } from './status';

export function SmartlinkListPage() {
  const { client } = useClient();
  const { canWrite } = usePermissions();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<SmartlinkStatus | ''>('');
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const list = useApi('/api/v1/smartlinks', { query: { clientId: client.id, q: q || undefined, status: status || undefined, limit: 200 } });
  const base = `/clients/${client.id}/smartlinks`;

  return (
    <section className="page" aria-labelledby="smartlinks-title">
      <div className="page-head">
        <h1 id="smartlinks-title">Smartlinks</h1>
        {canWrite ? (
          <Link to={`${base}/new`} className="button button-primary">
            New smartlink
          </Link>
        ) : null}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Search" type="search" value={text} placeholder="Artist, title or slug" onChange={(e) => setText(e.target.value)} />
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as SmartlinkStatus | '')}>
          <option value="">Any status</option>
          {(Object.keys(STATUS_NAMES) as SmartlinkStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorMessage error={list.error} />
      {list.loading ? <Loading what="Loading smartlinks" /> : null}
      {list.data ? (
        <>
          <p className="muted" role="status">
            {list.data.page.total} smartlink{list.data.page.total === 1 ? '' : 's'}
            {q ? ` matching “${q}”` : ''}
          </p>
          {list.data.data.length > 0 ? (
            <div className="table-scroll card">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Release</th>
                    <th scope="col">Link</th>
                    <th scope="col">Status</th>
                    <th scope="col">Services</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.data.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`${base}/${s.id}`}>
                          {s.artistName} – {s.trackTitle}
                        </Link>
                      </th>
                      <td>
                        {s.status === 'live' ? (
                          <a href={publicUrl(client, s.slug)} target="_blank" rel="noopener noreferrer">
                            /{s.slug}
                            <span className="offscreen"> (opens in a new tab)</span>
                          </a>
                        ) : (
                          `/${s.slug}`
                        )}
                      </td>
                      <td>
                        <span className={`badge badge-${s.status}`}>{STATUS_NAMES[s.status]}</span>
                      </td>
                      <td>{s.services.length}</td>
                      <td>{formatDateTime(s.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

// A client's smartlinks, newest first, searchable (slug, artist, title) and filtered by status:
// every one of them, however many pages the API takes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SmartlinkStatus } from '../api/types';
import { useApiList } from '../api/useApi';
import { Link } from '../app/router';
import { usePermissions } from '../auth/session';
import { useClient } from '../clients/ClientArea';
import { ErrorMessage, Loading } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { publicUrl } from './publicUrl';
import { STATUSES } from './status';

export function SmartlinkListPage() {
  const { t } = useTranslation('smartlinks');
  const { client } = useClient();
  usePageTitle(`${t('list.title')} · ${client.name}`);
  const { canWrite } = usePermissions();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<SmartlinkStatus | ''>('');
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const list = useApiList('/api/v1/smartlinks', { query: { clientId: client.id, q: q || undefined, status: status || undefined } });
  const base = `/clients/${client.id}/smartlinks`;

  return (
    <section className="page" aria-labelledby="smartlinks-title">
      <div className="page-head">
        <h1 id="smartlinks-title">{t('list.title')}</h1>
        {canWrite ? (
          <Link to={`${base}/new`} className="button button-primary">
            {t('list.new')}
          </Link>
        ) : null}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('list.search')} type="search" value={text} placeholder={t('list.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />
        <SelectField label={t('list.status')} value={status} onChange={(e) => setStatus(e.target.value as SmartlinkStatus | '')}>
          <option value="">{t('list.anyStatus')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorMessage error={list.error} />
      {list.loading ? <Loading what={t('list.loading')} /> : null}
      {list.data ? (
        <>
          <p className="muted" role="status">
            {q ? t('list.countMatching', { count: list.data.length, q }) : t('list.count', { count: list.data.length })}
          </p>
          {list.data.length > 0 ? (
            <div className="table-scroll card">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('list.release')}</th>
                    <th scope="col">{t('list.link')}</th>
                    <th scope="col">{t('list.status')}</th>
                    <th scope="col">{t('list.services')}</th>
                    <th scope="col">{t('list.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.map((s) => (
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
                            <span className="offscreen">{t('list.newTab')}</span>
                          </a>
                        ) : (
                          `/${s.slug}`
                        )}
                      </td>
                      <td>
                        <span className={`badge badge-${s.status}`}>{t(`status.${s.status}`)}</span>
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

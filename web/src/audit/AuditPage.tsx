// The audit log (master; GET /audit): every change newest first, filtered by client, domain of
// actions, who and days, a page at a time; actors and clients by name; each change's before and
// after readable.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useApiList } from '../api/useApi';
import { useClients } from '../api/useClients';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatCount, formatDateTime } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { AuditFilters, auditQuery, NO_FILTER, type AuditFilter } from './AuditFilters';
import { ChangeDetails } from './ChangeDetails';

const PAGE = 50;

export function AuditPage() {
  const { t } = useTranslation('audit');
  usePageTitle(t('title'));
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [offset, setOffset] = useState(0);
  const entries = useApi('/api/v1/audit', { query: { ...auditQuery(filter), limit: PAGE, offset } });
  const clients = useClients().data ?? [];
  const users = useApiList('/api/v1/users').data ?? [];
  const keys = useApiList('/api/v1/keys').data ?? [];
  const actors = [
    ...users.map((u) => ({ value: `user:${u.id}`, label: u.email })),
    ...keys.map((k) => ({ value: `key:${k.id}`, label: t('actorKey', { name: k.name }) })),
    { value: 'cli', label: t('actorCli') },
    { value: 'fan (privacy page)', label: t('actorFan') },
  ];
  const actorName = new Map(actors.map((a) => [a.value, a.label]));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const total = entries.data?.page.total ?? 0;
  const shown = entries.data?.data ?? [];

  return (
    <section className="page" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <AuditFilters
        filter={filter}
        clients={clients}
        actors={actors}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <ErrorMessage error={entries.error} />
      {entries.loading ? <Loading what={t('loading')} /> : null}
      {entries.data && shown.length === 0 ? <p className="empty">{t('none')}</p> : null}
      {shown.length > 0 ? (
        <>
          <p className="hint" role="status">
            {t('range', { first: formatCount(offset + 1), last: formatCount(offset + shown.length), total: formatCount(total) })}
          </p>
          <div className="table-scroll">
            <table className="data-table audit-log">
              <caption className="offscreen">{t('count', { count: total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('column.when')}</th>
                  <th scope="col">{t('column.who')}</th>
                  <th scope="col">{t('column.client')}</th>
                  <th scope="col">{t('column.action')}</th>
                  <th scope="col">{t('column.target')}</th>
                  <th scope="col">{t('column.change')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.ts)}</td>
                    <td>{actorName.get(e.actor) ?? e.actor}</td>
                    <td>{e.clientId === null ? t('agency') : (clientName.get(e.clientId) ?? e.clientId)}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.target === null ? t('empty') : <code>{e.target}</code>}</td>
                    <td>
                      <ChangeDetails before={e.before ?? null} after={e.after ?? null} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="toolbar" aria-label={t('paging')}>
            <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('previous')}
            </button>
            <button type="button" className="button-secondary" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              {t('next')}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}

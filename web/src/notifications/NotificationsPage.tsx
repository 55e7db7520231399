// Alerts and notifications, newest first (GET /alerts): rule, message, when it opened and was
// resolved, its state; unread ones can be marked read (POST /alerts/:id/read).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { Alert } from '../api/types';
import { useApi, useInvalidate } from '../api/useApi';
import { useClients } from '../api/useClients';
import { usePermissions } from '../auth/session';
import { ErrorMessage, Loading } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { formatDateTime } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { alertText } from './alertText';

type Show = 'all' | 'unread' | 'open';

/** The newest alerts shown; the list says when there are more. */
const SHOWN = 100;

export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('title'));
  const [show, setShow] = useState<Show>('all');
  const alerts = useApi('/api/v1/alerts', { query: { limit: SHOWN, unread: show === 'unread' ? true : undefined, state: show === 'open' ? 'open' : undefined } });
  const { isMaster } = usePermissions();
  const clients = useClients();
  const names = new Map((isMaster ? (clients.data ?? []) : []).map((c) => [c.id, c.name]));
  const total = alerts.data?.page.total ?? 0;

  return (
    <section className="page" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t('title')}</h1>
      <div className="toolbar" role="group" aria-label={t('which')}>
        {(['all', 'unread', 'open'] as const).map((value) => (
          <button key={value} type="button" className="button-toggle" aria-pressed={show === value} onClick={() => setShow(value)}>
            {t(`show.${value}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={alerts.error} />
      {alerts.loading ? <Loading what={t('loading')} /> : null}
      {alerts.data && alerts.data.data.length === 0 ? <p className="empty">{t('none')}</p> : null}
      {total > SHOWN ? <p className="hint">{t('newest', { shown: SHOWN, total })}</p> : null}
      <ul className="alert-list">
        {alerts.data?.data.map((alert) => <AlertItem key={alert.id} alert={alert} clientName={names.get(alert.clientId)} />)}
      </ul>
    </section>
  );
}

function AlertItem({ alert, clientName }: { readonly alert: Alert; readonly clientName: string | undefined }) {
  const { t } = useTranslation('notifications');
  const invalidate = useInvalidate();
  const { canWrite } = usePermissions();
  const { busy, error, run } = useAction();
  const unread = alert.readAt === null;
  const rule = t(`rule.${alert.rule}`);

  const markRead = () =>
    run(async () => {
      await api.post('/api/v1/alerts/{id}/read', { params: { path: { id: alert.id } } });
      invalidate('/api/v1/alerts'); // this list and the bell's count
    });

  return (
    <li className={`alert-item ${unread ? 'alert-unread' : ''}`} aria-label={unread ? rule + t('unreadSuffix') : rule}>
      <div className="alert-head">
        <h2 className="alert-rule">{rule}</h2>
        <span className={`badge badge-${alert.state}`}>{t(`state.${alert.state}`)}</span>
        {unread ? <span className="badge badge-unread">{t('unread')}</span> : null}
      </div>
      {clientName ? <p className="alert-client">{clientName}</p> : null}
      <p className="alert-message">{alertText(alert, t)}</p>
      <dl className="alert-times">
        <div>
          <dt>{t('opened')}</dt>
          <dd>{formatDateTime(alert.openedAt)}</dd>
        </div>
        <div>
          <dt>{t('resolved')}</dt>
          <dd>{alert.resolvedAt ? formatDateTime(alert.resolvedAt) : t('notYet')}</dd>
        </div>
        {alert.readAt ? (
          <div>
            <dt>{t('read')}</dt>
            <dd>{formatDateTime(alert.readAt)}</dd>
          </div>
        ) : null}
      </dl>
      {unread && canWrite ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void markRead()}>
          {t('markRead')}
        </button>
      ) : null}
      <ErrorMessage error={error} />
    </li>
  );
}

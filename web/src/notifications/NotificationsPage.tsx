// Alerts and notifications, newest first (GET /alerts): rule, message, when it opened and was
// resolved, its state; unread ones can be marked read (POST /alerts/:id/read).
import { useState } from 'react';
import { api } from '../api/http';
import type { Alert } from '../api/types';
import { useApi } from '../api/useApi';
import { usePermissions } from '../auth/session';
import { ErrorMessage, Loading } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { formatDateTime } from '../ui/format';
import { useNotifications } from './notifications';
import { RULE_NAMES } from './rules';

type Show = 'all' | 'unread' | 'open';

export function NotificationsPage() {
  const [show, setShow] = useState<Show>('all');
  const alerts = useApi('/api/v1/alerts', { query: { limit: 100, unread: show === 'unread' ? true : undefined, state: show === 'open' ? 'open' : undefined } });
  const { isMaster } = usePermissions();
  const clients = useApi(isMaster ? '/api/v1/clients' : null, { query: { limit: 200 } });
  const names = new Map((clients.data?.data ?? []).map((c) => [c.id, c.name]));

  return (
    <section className="page" aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      <div className="toolbar" role="group" aria-label="Which notifications">
        {(['all', 'unread', 'open'] as const).map((value) => (
          <button key={value} type="button" className="button-toggle" aria-pressed={show === value} onClick={() => setShow(value)}>
            {value === 'all' ? 'All' : value === 'unread' ? 'Unread' : 'Open incidents'}
          </button>
        ))}
      </div>
      <ErrorMessage error={alerts.error} />
      {alerts.loading ? <Loading what="Loading notifications" /> : null}
      {alerts.data && alerts.data.data.length === 0 ? <p className="empty">No notifications.</p> : null}
      <ul className="alert-list">
        {alerts.data?.data.map((alert) => <AlertItem key={alert.id} alert={alert} clientName={isMaster ? names.get(alert.clientId) : undefined} onRead={alerts.reload} />)}
      </ul>
    </section>
  );
}

function AlertItem({ alert, clientName, onRead }: { readonly alert: Alert; readonly clientName: string | undefined; readonly onRead: () => void }) {
  const { refresh } = useNotifications();
  const { canWrite } = usePermissions();
  const { busy, error, run } = useAction();
  const unread = alert.readAt === null;

  const markRead = () =>
    run(async () => {
      await api.post('/api/v1/alerts/{id}/read', { params: { path: { id: alert.id } } });
      onRead();
      refresh();
    });

  return (
    <li className={`alert-item ${unread ? 'alert-unread' : ''}`} aria-label={`${RULE_NAMES[alert.rule]}${unread ? ', unread' : ''}`}>
      <div className="alert-head">
        <h2 className="alert-rule">{RULE_NAMES[alert.rule]}</h2>
        <span className={`badge badge-${alert.state}`}>{alert.state === 'open' ? 'Open' : 'Resolved'}</span>
        {unread ? <span className="badge badge-unread">Unread</span> : null}
      </div>
      {clientName ? <p className="alert-client">{clientName}</p> : null}
      <p className="alert-message">{alert.message}</p>
      <dl className="alert-times">
        <div>
          <dt>Opened</dt>
          <dd>{formatDateTime(alert.openedAt)}</dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>{alert.resolvedAt ? formatDateTime(alert.resolvedAt) : 'Not yet'}</dd>
        </div>
        {alert.readAt ? (
          <div>
            <dt>Read</dt>
            <dd>{formatDateTime(alert.readAt)}</dd>
          </div>
        ) : null}
      </dl>
      {unread && canWrite ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void markRead()}>
          Mark as read
        </button>
      ) : null}
      <ErrorMessage error={error} />
    </li>
  );
}

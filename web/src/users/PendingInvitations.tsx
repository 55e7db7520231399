// The open invitations (GET /invitations): who, where, as what, until when; resend (a new link,
// e-mailed again) or revoke (after a confirmation).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { Invitation, InvitationSent as Sent } from '../api/types';
import { useApi, useInvalidate } from '../api/useApi';
import { ErrorMessage, Loading } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { formatDateTime } from '../ui/format';
import { useAction } from '../ui/useAction';
import { InvitationSent } from './InvitationSent';

export const INVITATIONS = '/api/v1/invitations';

export function PendingInvitations({ clientNames, isMaster }: { readonly clientNames: ReadonlyMap<string, string>; readonly isMaster: boolean }) {
  const { t } = useTranslation('users');
  const { t: roleName } = useTranslation('auth');
  const invitations = useApi(INVITATIONS);
  const invalidate = useInvalidate();
  const action = useAction();
  const [resent, setResent] = useState<Sent | null>(null);

  const resend = (invitation: Invitation) =>
    action.run(async () => {
      setResent(await api.post('/api/v1/invitations/{id}/resend', { params: { path: { id: invitation.id } } }));
      invalidate(INVITATIONS);
    });
  const revoke = (invitation: Invitation) =>
    action.run(async () => {
      setResent(null);
      await api.delete('/api/v1/invitations/{id}', { params: { path: { id: invitation.id } } });
      invalidate(INVITATIONS);
    });

  const list = invitations.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('pending.title')}</h2>
      <ErrorMessage error={invitations.error ?? action.error} />
      {invitations.loading ? <Loading what={t('pending.loading')} /> : null}
      {invitations.data && list.length === 0 ? <p className="muted">{t('pending.none')}</p> : null}
      {resent ? <InvitationSent sent={resent} /> : null}
      {list.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="offscreen">{t('pending.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pending.column.email')}</th>
                {isMaster ? <th scope="col">{t('pending.column.client')}</th> : null}
                <th scope="col">{t('pending.column.role')}</th>
                <th scope="col">{t('pending.column.expires')}</th>
                <th scope="col">
                  <span className="offscreen">{t('pending.column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  {isMaster ? <td>{i.clientId ? (clientNames.get(i.clientId) ?? i.clientId) : t('everyClient')}</td> : null}
                  <td>{roleName(`role.${i.role}`)}</td>
                  <td>{i.status === 'expired' ? t('pending.expired', { when: formatDateTime(i.expiresAt) }) : t('pending.expiresAt', { when: formatDateTime(i.expiresAt) })}</td>
                  <td className="actions">
                    <button type="button" className="button-secondary button-small" aria-label={t('pending.resendNamed', { email: i.email })} disabled={action.busy} onClick={() => void resend(i)}>
                      {t('pending.resend')}
                    </button>
                    <ConfirmButton
                      className="button-secondary button-small button-danger"
                      label={t('pending.revoke')}
                      aria-label={t('pending.revokeNamed', { email: i.email })}
                      title={t('pending.revokeTitle', { email: i.email })}
                      consequences={<p>{t('pending.revokeConsequences')}</p>}
                      confirmLabel={t('pending.revokeConfirm')}
                      danger
                      disabled={action.busy}
                      onConfirm={() => void revoke(i)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

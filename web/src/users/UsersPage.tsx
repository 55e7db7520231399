// Users: who signs in, on which clients, with which role; invitations by e-mail (pending ones
// resent or revoked). Master sees and edits everyone; a client's writer the client the app acts
// for (their other clients' people and memberships are never shown).
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { User } from '../api/types';
import { useApiList, useInvalidate } from '../api/useApi';
import { useClients } from '../api/useClients';
import { useActingMembership, usePermissions, useUser } from '../auth/session';
import { ErrorMessage, Loading } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useAction } from '../ui/useAction';
import { usePageTitle } from '../ui/usePageTitle';
import { InviteForm } from './InviteForm';
import { Memberships } from './Memberships';
import { INVITATIONS, PendingInvitations } from './PendingInvitations';

const USERS = '/api/v1/users';

export function UsersPage() {
  const { t } = useTranslation('users');
  usePageTitle(t('title'));
  const me = useUser();
  const { isMaster } = usePermissions();
  const acting = useActingMembership();
  const users = useApiList(USERS);
  const clients = useClients();
  const clientNames = new Map((clients.data ?? []).map((c) => [c.id, c.name]));
  const invalidate = useInvalidate();
  const removing = useAction();
  const changed = () => {
    invalidate(USERS);
    invalidate(INVITATIONS);
  };

  const remove = (user: User) =>
    removing.run(async () => {
      await api.delete('/api/v1/users/{id}', { params: { path: { id: user.id } } });
      invalidate(USERS);
    });

  return (
    <section className="page" aria-labelledby="users-title">
      <h1 id="users-title">{t('title')}</h1>
      <InviteForm clients={clients.data ?? []} isMaster={isMaster} onInvited={() => invalidate(INVITATIONS)} />
      <PendingInvitations clientNames={clientNames} isMaster={isMaster} />
      <ErrorMessage error={users.error ?? removing.error} />
      {users.loading ? <Loading what={t('loading')} /> : null}
      {users.data ? (
        <div className="table-scroll card">
          <table className="data-table">
            <caption className="offscreen">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('column.email')}</th>
                <th scope="col">{t('column.clients')}</th>
                <th scope="col">
                  <span className="offscreen">{t('column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>
                    <Memberships user={u} isSelf={u.id === me.id} addable={isMaster ? (clients.data ?? []) : null} onChanged={changed} />
                  </td>
                  <td className="actions">
                    {u.id === me.id ? (
                      <span className="muted">{t('you')}</span>
                    ) : isMaster ? (
                      <ConfirmButton
                        className="button-secondary button-small button-danger"
                        label={t('deleteUser')}
                        aria-label={t('deleteNamed', { email: u.email })}
                        title={t('deleteTitle', { email: u.email })}
                        consequences={<p>{t('deleteConsequences')}</p>}
                        confirmLabel={t('deleteConfirm')}
                        danger
                        disabled={removing.busy}
                        onConfirm={() => void remove(u)}
                      />
                    ) : (
                      <ConfirmButton
                        className="button-secondary button-small button-danger"
                        label={t('remove')}
                        aria-label={t('removeNamed', { email: u.email, client: acting?.clientName ?? '' })}
                        title={t('removeTitle', { email: u.email, client: acting?.clientName ?? '' })}
                        consequences={<p>{t('removeConsequences', { client: acting?.clientName ?? '' })}</p>}
                        confirmLabel={t('removeConfirm')}
                        danger
                        disabled={removing.busy}
                        onConfirm={() => void remove(u)}
                      />
                    )}
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

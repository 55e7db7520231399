// A user's clients and roles, each editable (PUT /users/{id}/memberships/{clientId}) and removable
// (DELETE …, after a confirmation); master can also add the user to another client.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { Client, Membership, User } from '../api/types';
import { ErrorMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { SelectField } from '../ui/Field';
import { useAction } from '../ui/useAction';

type MemberRole = Membership['role'];
const ROLES: readonly MemberRole[] = ['viewer', 'client'];

interface Props {
  readonly user: User;
  readonly isSelf: boolean;
  /** Master: the clients the user may be added to. */
  readonly addable: readonly Client[] | null;
  onChanged(): void;
}

export function Memberships({ user, isSelf, addable, onChanged }: Props) {
  const { t } = useTranslation('users');
  const { t: roleName } = useTranslation('auth');
  const action = useAction();
  const put = (clientId: string, role: MemberRole) =>
    action.run(async () => {
      await api.put('/api/v1/users/{id}/memberships/{clientId}', { params: { path: { id: user.id, clientId } }, body: { role } });
      onChanged();
    });
  const remove = (clientId: string) =>
    action.run(async () => {
      await api.delete('/api/v1/users/{id}/memberships/{clientId}', { params: { path: { id: user.id, clientId } } });
      onChanged();
    });

  if (user.role === 'master') return <span>{t('everyClient')}</span>;
  return (
    <div className="memberships">
      <ul className="plain-list">
        {user.memberships.map((m) => (
          <li key={m.clientId} className="membership">
            {isSelf ? (
              <span>
                {m.clientName}: {roleName(`role.${m.role}`)}
              </span>
            ) : (
              <>
                <SelectField
                  className="field-inline"
                  label={<span className="offscreen">{t('roleOn', { client: m.clientName, email: user.email })}</span>}
                  value={m.role}
                  disabled={action.busy}
                  onChange={(e) => void put(m.clientId, e.target.value as MemberRole)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {m.clientName}: {roleName(`role.${r}`)}
                    </option>
                  ))}
                </SelectField>
                {user.memberships.length > 1 ? (
                  <ConfirmButton
                    className="button-secondary button-small"
                    label={t('remove')}
                    aria-label={t('removeNamed', { email: user.email, client: m.clientName })}
                    title={t('removeTitle', { email: user.email, client: m.clientName })}
                    consequences={<p>{t('removeConsequences', { client: m.clientName })}</p>}
                    confirmLabel={t('removeConfirm')}
                    danger
                    disabled={action.busy}
                    onConfirm={() => void remove(m.clientId)}
                  />
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      {addable && !isSelf ? <AddToClient user={user} clients={addable.filter((c) => !user.memberships.some((m) => m.clientId === c.id))} busy={action.busy} onAdd={put} /> : null}
      <ErrorMessage error={action.error} />
    </div>
  );
}

function AddToClient({ user, clients, busy, onAdd }: { readonly user: User; readonly clients: readonly Client[]; readonly busy: boolean; onAdd(clientId: string, role: MemberRole): Promise<void> }) {
  const { t } = useTranslation('users');
  const { t: roleName } = useTranslation('auth');
  const [clientId, setClientId] = useState('');
  const [role, setRole] = useState<MemberRole>('viewer');
  if (clients.length === 0) return null;
  return (
    <fieldset className="add-membership">
      <legend className="offscreen">{t('add.label', { email: user.email })}</legend>
      <SelectField className="field-inline" label={t('add.client')} value={clientId} onChange={(e) => setClientId(e.target.value)}>
        <option value="">{t('add.choose')}</option>
        {clients.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField className="field-inline" label={t('add.role')} value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleName(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <button
        type="button"
        className="button-secondary button-small"
        aria-label={t('add.label', { email: user.email })}
        disabled={busy || !clientId}
        onClick={() => void onAdd(clientId, role).then(() => setClientId(''))}
      >
        {t('add.submit')}
      </button>
    </fieldset>
  );
}

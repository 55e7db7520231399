// Invite someone by e-mail (POST /invitations): master to any client with a role, or as master; a
// client's writer to the client the app acts for.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { Client, InvitationSent as Sent, Role } from '../api/types';
import { ErrorMessage } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import { InvitationSent } from './InvitationSent';

export function InviteForm({ clients, isMaster, onInvited }: { readonly clients: readonly Client[]; readonly isMaster: boolean; onInvited(): void }) {
  const { t } = useTranslation('users');
  const { t: roleName } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [clientId, setClientId] = useState('');
  const [sent, setSent] = useState<Sent | null>(null);
  const { busy, error, fail, run } = useAction();
  const roles: readonly Role[] = isMaster ? ['viewer', 'client', 'master'] : ['viewer', 'client'];
  const needsClient = isMaster && role !== 'master';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    if (needsClient && !clientId) return fail(new Error(t('invite.chooseFirst')));
    return run(async () => {
      setSent(await api.post('/api/v1/invitations', { body: { email: email.trim(), role, ...(needsClient ? { clientId } : {}) } }));
      setEmail('');
      onInvited();
    });
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="invite-title" noValidate>
      <h2 id="invite-title">{t('invite.title')}</h2>
      <p className="muted">{t('invite.intro')}</p>
      <div className="field-row">
        <TextField label={t('invite.email')} type="email" autoComplete="off" required value={email} error={fieldError(error, 'email')} onChange={(e) => setEmail(e.target.value)} />
        <SelectField label={t('invite.role')} value={role} error={fieldError(error, 'role')} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleName(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        {needsClient ? (
          <SelectField label={t('invite.client')} required value={clientId} error={fieldError(error, 'clientId')} onChange={(e) => setClientId(e.target.value)}>
            <option value="">{t('invite.choose')}</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button-primary" disabled={busy}>
        {t('invite.submit')}
      </button>
      {sent ? <InvitationSent sent={sent} /> : null}
    </form>
  );
}

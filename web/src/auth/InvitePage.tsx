// The link of an invitation (/app/invite/<token>): a password chosen for the new account (or the
// existing account's password, to add the client to it), then signed in.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { useNavigate } from '../app/router';
import { ErrorMessage, Loading } from '../ui/Alert';
import { TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import { AuthCard } from './AuthCard';
import { NewPasswordFields, newPasswordProblem, type NewPassword } from './NewPasswordFields';
import { useSession } from './session';
import { useLinkOffer } from './useLinkOffer';

export function InvitePage({ token }: { readonly token: string }) {
  const { t } = useTranslation('auth');
  const invitation = useLinkOffer(() => api.get('/api/v1/auth/invitations/{token}', { params: { path: { token } } }), token);
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [value, setValue] = useState<NewPassword>({ password: '', again: '' });
  const { busy, error, fail, run } = useAction();
  const offer = invitation.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = offer?.existingAccount ? null : newPasswordProblem(value, t);
    if (problem) return fail(new Error(problem));
    return run(async () => {
      adopt(await api.post('/api/v1/auth/invitations/{token}/accept', { params: { path: { token } }, body: { password: value.password } }));
      navigate('/', { replace: true });
    });
  };

  const client = offer?.clientName ?? '';
  return (
    <AuthCard title={offer && offer.clientName === null ? t('invite.titleMaster') : t('invite.title', { client })}>
      {invitation.loading ? <Loading what={t('invite.loading')} /> : null}
      {invitation.error ? (
        <p className="message message-error" role="alert">
          {t('invite.gone')}
        </p>
      ) : null}
      {offer ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('invite.as', { role: t(`role.${offer.role}`), email: offer.email })}</p>
          <p>{offer.existingAccount ? t('invite.existing', { client }) : t('invite.choose')}</p>
          {offer.existingAccount ? (
            <TextField label={t('invite.currentPassword')} type="password" autoComplete="current-password" required error={fieldError(error, 'password')} value={value.password} onChange={(e) => setValue({ password: e.target.value, again: '' })} />
          ) : (
            <NewPasswordFields value={value} error={fieldError(error, 'password')} onChange={setValue} />
          )}
          <ErrorMessage error={error} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t('invite.submit')}
          </button>
        </form>
      ) : null}
    </AuthCard>
  );
}

// The link of a password reset (/app/reset/<token>): a new password, typed twice; every session
// of the account ends, and this browser is signed in.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { Link, useNavigate } from '../app/router';
import { ErrorMessage, Loading } from '../ui/Alert';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import { AuthCard } from './AuthCard';
import { NewPasswordFields, newPasswordProblem, type NewPassword } from './NewPasswordFields';
import { useSession } from './session';
import { useLinkOffer } from './useLinkOffer';

export function ResetPasswordPage({ token }: { readonly token: string }) {
  const { t } = useTranslation('auth');
  const reset = useLinkOffer(() => api.get('/api/v1/auth/password-reset/{token}', { params: { path: { token } } }), token);
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [value, setValue] = useState<NewPassword>({ password: '', again: '' });
  const { busy, error, fail, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(value, t);
    if (problem) return fail(new Error(problem));
    return run(async () => {
      adopt(await api.post('/api/v1/auth/password-reset/{token}', { params: { path: { token } }, body: { password: value.password } }));
      navigate('/', { replace: true });
    });
  };

  return (
    <AuthCard title={t('reset.title')}>
      {reset.loading ? <Loading /> : null}
      {reset.error ? (
        <>
          <p className="message message-error" role="alert">
            {t('reset.gone')}
          </p>
          <p>
            <Link to="/forgot">{t('reset.askAgain')}</Link>
          </p>
        </>
      ) : null}
      {reset.data ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('reset.for', { email: reset.data.email })}</p>
          <NewPasswordFields value={value} error={fieldError(error, 'password')} onChange={setValue} />
          <ErrorMessage error={error} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      ) : null}
    </AuthCard>
  );
}

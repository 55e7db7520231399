// Sign in with e-mail and password (POST /auth/login), or follow "Forgot your password?". The
// API's message is shown as it is.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { ErrorMessage } from '../ui/Alert';
import { TextField } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { AuthCard } from './AuthCard';
import { useSession } from './session';

export function LoginPage({ expired }: { readonly expired: boolean }) {
  const { t } = useTranslation('auth');
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(() => signIn(email, password));
  };

  return (
    <AuthCard title={t('login.title')}>
      {expired ? (
        <p className="message message-info" role="status">
          {t('login.expired')}
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label={t('login.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot">{t('login.forgot')}</Link>
      </p>
    </AuthCard>
  );
}

// "Forgot your password?": the account's e-mail → a one-time link by e-mail (POST
// /auth/password-reset). The answer is the same whether the address has an account or not.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { Link } from '../app/router';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSentTo(null);
    return run(async () => {
      await api.post('/api/v1/auth/password-reset', { body: { email: email.trim() } });
      setSentTo(email.trim());
    });
  };

  return (
    <AuthCard title={t('forgot.title')}>
      <p>{t('forgot.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('login.email')} type="email" name="email" autoComplete="username" required value={email} error={fieldError(error, 'email')} onChange={(e) => setEmail(e.target.value)} />
        <ErrorMessage error={error} />
        {sentTo ? <StatusMessage>{t('forgot.sent', { email: sentTo })}</StatusMessage> : null}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('forgot.submit')}
        </button>
      </form>
      <p>
        <Link to="/">{t('forgot.back')}</Link>
      </p>
    </AuthCard>
  );
}

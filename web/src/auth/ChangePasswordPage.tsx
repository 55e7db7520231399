// Change my password (POST /auth/password): the current one, the new one twice. Other sessions end.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import { usePageTitle } from '../ui/usePageTitle';
import { NewPasswordFields, newPasswordProblem, type NewPassword } from './NewPasswordFields';

export function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  usePageTitle(t('password.title'));
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassword>({ password: '', again: '' });
  const [done, setDone] = useState(false);
  const { busy, error, fail, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const problem = newPasswordProblem(next, t);
    if (problem) return fail(new Error(problem));
    return run(async () => {
      await api.post('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next.password } });
      setDone(true);
      setCurrent('');
      setNext({ password: '', again: '' });
    });
  };

  return (
    <section className="page narrow" aria-labelledby="password-title">
      <h1 id="password-title">{t('password.title')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('password.current')} type="password" autoComplete="current-password" required error={fieldError(error, 'currentPassword')} value={current} onChange={(e) => setCurrent(e.target.value)} />
        <NewPasswordFields value={next} error={fieldError(error, 'newPassword')} onChange={setNext} />
        <ErrorMessage error={error} />
        {done ? <StatusMessage>{t('password.done')}</StatusMessage> : null}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}

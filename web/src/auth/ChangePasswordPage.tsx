// Change my password (POST /auth/password): the current one, the new one twice. Other sessions end.
import { useState, type FormEvent } from 'react';
import { api } from '../api/http';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { TextField } from '../ui/Field';

const MIN_LENGTH = 10;

export function ChangePasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== again) return setError(new Error('The two new passwords are not the same.'));
    if (next.length < MIN_LENGTH) return setError(new Error(`The new password needs at least ${MIN_LENGTH} characters.`));
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow" aria-labelledby="password-title">
      <h1 id="password-title">Change password</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <TextField label="New password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} hint={`At least ${MIN_LENGTH} characters.`} value={next} onChange={(e) => setNext(e.target.value)} />
        <TextField label="New password, again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
        <ErrorMessage error={error} />
        {done ? <StatusMessage>Your password is changed. Your other sessions have been signed out.</StatusMessage> : null}
        <button type="submit" className="button-primary" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}

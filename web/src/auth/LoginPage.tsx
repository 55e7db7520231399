// Sign in with email and password (POST /auth/login). The API's message is shown as it is.
import { useState, type FormEvent } from 'react';
import { useSession } from './session';
import { ErrorMessage } from '../ui/Alert';
import { TextField } from '../ui/Field';

export function LoginPage({ expired }: { readonly expired: boolean }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="center-page" id="main">
      <section className="card login-card" aria-labelledby="login-title">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Duotrack
        </p>
        <h1 id="login-title">Sign in</h1>
        {expired ? <p className="message message-info" role="status">Your session has ended. Please sign in again.</p> : null}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextField label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <TextField label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <ErrorMessage error={error} />
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    </main>
  );
}

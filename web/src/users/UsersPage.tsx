// Users: list, create (master: any role and client; a client user: its own client's client and
// viewer users), delete. Passwords are set here once and never shown again.
import { useState, type FormEvent } from 'react';
import { api } from '../api/http';
import type { Client, Role, User } from '../api/types';
import { useApi } from '../api/useApi';
import { usePermissions, useUser } from '../auth/session';
import { ErrorMessage, Loading, StatusMessage } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { SelectField, TextField } from '../ui/Field';

const ROLE_NAMES: Readonly<Record<Role, string>> = { master: 'Master (every client)', client: 'Client (read and write)', viewer: 'Viewer (read only)' };

export function UsersPage() {
  const me = useUser();
  const { isMaster } = usePermissions();
  const users = useApi('/api/v1/users', { query: { limit: 200 } });
  const clients = useApi('/api/v1/clients', { query: { limit: 200 } });
  const names = new Map((clients.data?.data ?? []).map((c) => [c.id, c.name]));
  const [error, setError] = useState<unknown>(null);

  const remove = async (user: User) => {
    if (!window.confirm(`Delete ${user.email}? They are signed out at once.`)) return;
    setError(null);
    try {
      await api.delete('/api/v1/users/{id}', { params: { path: { id: user.id } } });
      users.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="page" aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <NewUserForm clients={clients.data?.data ?? []} isMaster={isMaster} onCreated={users.reload} />
      <ErrorMessage error={users.error ?? error} />
      {users.loading ? <Loading what="Loading users" /> : null}
      {users.data ? (
        <div className="table-scroll card">
          <table className="data-table">
            <caption className="offscreen">Users</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {isMaster ? <th scope="col">Client</th> : null}
                <th scope="col">
                  <span className="offscreen">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>{ROLE_NAMES[u.role]}</td>
                  {isMaster ? <td>{u.clientId ? (names.get(u.clientId) ?? u.clientId) : '—'}</td> : null}
                  <td className="actions">
                    {u.id === me.id ? (
                      <span className="muted">You</span>
                    ) : (
                      <button type="button" className="button-secondary button-small button-danger" aria-label={`Delete ${u.email}`} onClick={() => void remove(u)}>
                        Delete
                      </button>
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

function NewUserForm({ clients, isMaster, onCreated }: { readonly clients: readonly Client[]; readonly isMaster: boolean; readonly onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [clientId, setClientId] = useState('');
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<string | null>(null);
  const roles: Role[] = isMaster ? ['master', 'client', 'viewer'] : ['client', 'viewer'];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    return run(async () => {
      const client = isMaster && role !== 'master' ? { clientId } : {};
      const user = await api.post('/api/v1/users', { body: { email: email.trim(), password, role, ...client } });
      setCreated(user.email);
      setEmail('');
      setPassword('');
      onCreated();
    });
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-user-title" noValidate>
      <h2 id="new-user-title">Add a user</h2>
      <div className="field-row">
        <TextField label="Email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label="Password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters; give it to them privately." value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <div className="field-row">
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_NAMES[r]}
            </option>
          ))}
        </SelectField>
        {isMaster && role !== 'master' ? (
          <SelectField label="Client" required value={clientId} onChange={(e) => setClientId(e.target.value)}>
            <option value="">Choose a client…</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {created ? <StatusMessage>{created} can now sign in.</StatusMessage> : null}
      <button type="submit" className="button-primary" disabled={busy}>
        Add user
      </button>
    </form>
  );
}

// API keys: create (the key is shown once, with a copy button), list (prefix, last use), revoke.
import { useState, type FormEvent } from 'react';
import { api } from '../api/http';
import type { ApiKey, Client } from '../api/types';
import { useApi } from '../api/useApi';
import { usePermissions } from '../auth/session';
import { ErrorMessage, Loading } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { CopyButton } from '../ui/CopyButton';
import { CheckboxField, SelectField, TextField } from '../ui/Field';
import { formatDateTime } from '../ui/format';

export function KeysPage() {
  const { isMaster } = usePermissions();
  const keys = useApi('/api/v1/keys', { query: { limit: 200 } });
  const clients = useApi('/api/v1/clients', { query: { limit: 200 } });
  const names = new Map((clients.data?.data ?? []).map((c) => [c.id, c.name]));
  const [error, setError] = useState<unknown>(null);

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke the key “${key.name}”? Anything using it stops working at once.`)) return;
    setError(null);
    try {
      await api.delete('/api/v1/keys/{id}', { params: { path: { id: key.id } } });
      keys.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="page" aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <NewKeyForm clients={clients.data?.data ?? []} isMaster={isMaster} onCreated={keys.reload} />
      <ErrorMessage error={keys.error ?? error} />
      {keys.loading ? <Loading what="Loading keys" /> : null}
      {keys.data ? (
        <div className="table-scroll card">
          <table className="data-table">
            <caption className="offscreen">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scope</th>
                <th scope="col">Access</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="offscreen">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'revoked' : undefined}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.clientId ? (names.get(k.clientId) ?? k.clientId) : 'Every client (master)'}</td>
                  <td>{k.readOnly ? 'Read only' : 'Read and write'}</td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                  <td className="actions">
                    {k.revokedAt ? (
                      <span className="muted">Revoked {formatDateTime(k.revokedAt)}</span>
                    ) : (
                      <button type="button" className="button-secondary button-small button-danger" aria-label={`Revoke ${k.name}`} onClick={() => void revoke(k)}>
                        Revoke
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

const MASTER_KEY = '__master';

function NewKeyForm({ clients, isMaster, onCreated }: { readonly clients: readonly Client[]; readonly isMaster: boolean; readonly onCreated: () => void }) {
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const [scope, setScope] = useState('');
  const { busy, error, fail, run } = useAction();
  const [created, setCreated] = useState<ApiKey | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    if (isMaster && !scope) return fail(new Error('Choose which client the key is for, or a master key.'));
    return run(async () => {
      const clientId = isMaster ? { clientId: scope === MASTER_KEY ? null : scope } : {};
      setCreated(await api.post('/api/v1/keys', { body: { name: name.trim(), readOnly, ...clientId } }));
      setName('');
      onCreated();
    });
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-key-title" noValidate>
      <h2 id="new-key-title">Create a key</h2>
      <div className="field-row">
        <TextField label="Name" required maxLength={100} value={name} placeholder="Reporting dashboard" onChange={(e) => setName(e.target.value)} />
        {isMaster ? (
          <SelectField label="For" required value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">Choose…</option>
            <option value={MASTER_KEY}>Every client (a master key)</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <CheckboxField label="Read only" checked={readOnly} hint="A read-only key can list and read, never change." onChange={(e) => setReadOnly(e.target.checked)} />
      <ErrorMessage error={error} />
      <button type="submit" className="button-primary" disabled={busy}>
        Create key
      </button>
      {created?.key ? (
        <div className="secret" role="status">
          <p>
            <strong>Copy the key “{created.name}” now: it is shown only this once.</strong>
          </p>
          <div className="input-with-button">
            <label htmlFor="new-key-value" className="offscreen">
              New API key
            </label>
            <input id="new-key-value" readOnly value={created.key} onFocus={(e) => e.target.select()} />
            <CopyButton text={created.key} label="Copy key" />
          </div>
        </div>
      ) : null}
    </form>
  );
}

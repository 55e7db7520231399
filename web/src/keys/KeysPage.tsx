// API keys: create (the key is shown once, with a copy button), list (prefix, last use), revoke.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { ApiKey, Client } from '../api/types';
import { useApiList, useInvalidate } from '../api/useApi';
import { useClients } from '../api/useClients';
import { usePermissions } from '../auth/session';
import { ErrorMessage, Loading } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { CopyButton } from '../ui/CopyButton';
import { CheckboxField, SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { formatDateTime } from '../ui/format';
import { useAction } from '../ui/useAction';
import { usePageTitle } from '../ui/usePageTitle';

const KEYS = '/api/v1/keys';

export function KeysPage() {
  const { t } = useTranslation('keys');
  usePageTitle(t('title'));
  const { isMaster } = usePermissions();
  const keys = useApiList(KEYS);
  const clients = useClients();
  const names = new Map((clients.data ?? []).map((c) => [c.id, c.name]));
  const invalidate = useInvalidate();
  const revoking = useAction();

  const revoke = (key: ApiKey) =>
    revoking.run(async () => {
      await api.delete('/api/v1/keys/{id}', { params: { path: { id: key.id } } });
      invalidate(KEYS);
    });

  return (
    <section className="page" aria-labelledby="keys-title">
      <h1 id="keys-title">{t('title')}</h1>
      <NewKeyForm clients={clients.data ?? []} isMaster={isMaster} onCreated={() => invalidate(KEYS)} />
      <ErrorMessage error={keys.error ?? revoking.error} />
      {keys.loading ? <Loading what={t('loading')} /> : null}
      {keys.data ? (
        <div className="table-scroll card">
          <table className="data-table">
            <caption className="offscreen">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('column.name')}</th>
                <th scope="col">{t('column.key')}</th>
                <th scope="col">{t('column.scope')}</th>
                <th scope="col">{t('column.access')}</th>
                <th scope="col">{t('column.created')}</th>
                <th scope="col">{t('column.lastUsed')}</th>
                <th scope="col">
                  <span className="offscreen">{t('column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'revoked' : undefined}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.clientId ? (names.get(k.clientId) ?? k.clientId) : t('everyClient')}</td>
                  <td>{k.readOnly ? t('readOnly') : t('readWrite')}</td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('never')}</td>
                  <td className="actions">
                    {k.revokedAt ? (
                      <span className="muted">{t('revokedAt', { when: formatDateTime(k.revokedAt) })}</span>
                    ) : (
                      <ConfirmButton
                        className="button-secondary button-small button-danger"
                        label={t('revoke')}
                        aria-label={t('revokeNamed', { name: k.name })}
                        title={t('revokeTitle', { name: k.name })}
                        consequences={<p>{t('revokeConsequences')}</p>}
                        confirmLabel={t('revokeConfirm')}
                        danger
                        disabled={revoking.busy}
                        onConfirm={() => void revoke(k)}
                      />
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
  const { t } = useTranslation('keys');
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const [scope, setScope] = useState('');
  const { busy, error, fail, run } = useAction();
  const [created, setCreated] = useState<ApiKey | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    if (isMaster && !scope) return fail(new Error(t('create.chooseFirst')));
    return run(async () => {
      const clientId = isMaster ? { clientId: scope === MASTER_KEY ? null : scope } : {};
      setCreated(await api.post('/api/v1/keys', { body: { name: name.trim(), readOnly, ...clientId } }));
      setName('');
      onCreated();
    });
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-key-title" noValidate>
      <h2 id="new-key-title">{t('create.title')}</h2>
      <div className="field-row">
        <TextField label={t('create.name')} required maxLength={100} value={name} placeholder={t('create.namePlaceholder')} error={fieldError(error, 'name')} onChange={(e) => setName(e.target.value)} />
        {isMaster ? (
          <SelectField label={t('create.for')} required value={scope} error={fieldError(error, 'clientId')} onChange={(e) => setScope(e.target.value)}>
            <option value="">{t('create.choose')}</option>
            <option value={MASTER_KEY}>{t('create.master')}</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <CheckboxField label={t('readOnly')} checked={readOnly} hint={t('create.readOnlyHint')} onChange={(e) => setReadOnly(e.target.checked)} />
      <ErrorMessage error={error} />
      <button type="submit" className="button-primary" disabled={busy}>
        {t('create.submit')}
      </button>
      {created?.key ? (
        <div className="secret" role="status">
          <p>
            <strong>{t('create.shownOnce', { name: created.name })}</strong>
          </p>
          <div className="input-with-button">
            <label htmlFor="new-key-value" className="offscreen">
              {t('create.newKey')}
            </label>
            <input id="new-key-value" readOnly value={created.key} onFocus={(e) => e.target.select()} />
            <CopyButton text={created.key} label={t('create.copy')} />
          </div>
        </div>
      ) : null}
    </form>
  );
}

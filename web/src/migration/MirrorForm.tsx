// A client's legacy mirror: its state (where events go, whether they go now), a form to set it
// (URL, signing secret, on/off) and a confirmed removal (PUT / DELETE /clients/{id}/mirror).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { useInvalidate } from '../api/useApi';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { CheckboxField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';
import type { MigrationState } from './ModeSwitch';

export function MirrorForm({ state }: { readonly state: MigrationState }) {
  const { t } = useTranslation('migration');
  const invalidate = useInvalidate();
  const save = useAction();
  const [done, setDone] = useState<string | null>(null);
  const mirror = state.mirror ?? null;
  const [url, setUrl] = useState(mirror?.url ?? '');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(mirror?.enabled ?? true);
  const name = state.name ?? '';
  const params = { path: { id: state.clientId as string } };

  const act = (send: () => Promise<unknown>, message: string, removing = false) => {
    setDone(null);
    return save.run(async () => {
      await send();
      setSecret('');
      if (removing) setUrl('');
      setDone(message);
      invalidate('/api/v1/migration');
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(() => api.put('/api/v1/clients/{id}/mirror', { params, body: { url: url.trim(), enabled, ...(secret ? { secret } : {}) } }), t('mirror.saved', { name }));
  };

  return (
    <section className="mirror" aria-label={t('mirror.title')}>
      <h3>{t('mirror.title')}</h3>
      <p>
        {mirror ? t(mirror.enabled ? 'mirror.state' : 'mirror.stateOff', { url: mirror.url }) : t('mirror.none')}{' '}
        {mirror ? <span className={`badge ${state.mirroring ? 'badge-live' : 'badge-archived'}`}>{t(state.mirroring ? 'mirror.mirroring' : 'mirror.notMirroring')}</span> : null}
      </p>
      {mirror?.secretSet ? <p className="hint">{t('mirror.secretSet')}</p> : null}
      <form onSubmit={submit} noValidate>
        <TextField label={t('mirror.url')} hint={t('mirror.urlHint')} type="url" value={url} required error={fieldError(save.error, 'url')} onChange={(e) => setUrl(e.target.value)} />
        <TextField
          label={t('mirror.secret')}
          hint={t(mirror?.secretSet ? 'mirror.secretHintKeep' : 'mirror.secretHintFirst')}
          type="password"
          autoComplete="new-password"
          value={secret}
          error={fieldError(save.error, 'secret')}
          onChange={(e) => setSecret(e.target.value)}
        />
        <CheckboxField label={t('mirror.enabled')} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <div className="toolbar">
          <button type="submit" className="button-primary" disabled={save.busy}>
            {t('mirror.save')}
          </button>
          {mirror ? (
            <ConfirmButton
              label={t('mirror.remove')}
              danger
              disabled={save.busy}
              consequences={<p>{t('mirror.removeConsequences', { name, url: mirror.url })}</p>}
              onConfirm={() => void act(() => api.delete('/api/v1/clients/{id}/mirror', { params }), t('mirror.removed', { name }), true)}
            />
          ) : null}
        </div>
      </form>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorMessage error={save.error} />
    </section>
  );
}

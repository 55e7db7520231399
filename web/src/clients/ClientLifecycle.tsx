// The end of a client (master only): archive (its pages answer "no longer available", it leaves the
// lists, nothing is deleted, restorable), restore, and delete an archived client for good. Each
// asks first, saying what happens to the data.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { useInvalidate } from '../api/useApi';
import { useNavigate } from '../app/router';
import { ErrorMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { formatDateTime } from '../ui/format';
import { useClient } from './ClientArea';

export function ClientLifecycle() {
  const { t } = useTranslation('clients');
  const { client, reload } = useClient();
  const invalidate = useInvalidate();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = client.name;

  const run = async (action: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      invalidate('/api/v1/clients');
      after();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const path = { params: { path: { id: client.id } } };
  const archive = () => run(() => api.post('/api/v1/clients/{id}/archive', path), reload);
  const restore = () => run(() => api.post('/api/v1/clients/{id}/restore', path), reload);
  const remove = () => run(() => api.delete('/api/v1/clients/{id}', path), () => navigate('/', { replace: true }));

  return (
    <section className="card" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">{t('lifecycle.title')}</h2>
      {client.archivedAt === null ? (
        <>
          <p className="section-intro">{t('lifecycle.archiveIntro')}</p>
          <ConfirmButton
            label={t('lifecycle.archive')}
            title={t('lifecycle.archiveTitle', { name })}
            consequences={<p>{t('lifecycle.archiveConsequences')}</p>}
            confirmLabel={t('lifecycle.archiveConfirm')}
            disabled={busy}
            onConfirm={() => void archive()}
          />
        </>
      ) : (
        <>
          <p className="section-intro">{t('lifecycle.archivedSince', { date: formatDateTime(client.archivedAt) })}</p>
          <div className="toolbar">
            <ConfirmButton
              label={t('lifecycle.restore')}
              title={t('lifecycle.restoreTitle', { name })}
              consequences={<p>{t('lifecycle.restoreConsequences')}</p>}
              confirmLabel={t('lifecycle.restoreConfirm')}
              disabled={busy}
              onConfirm={() => void restore()}
            />
            <ConfirmButton
              danger
              label={t('lifecycle.delete')}
              title={t('lifecycle.deleteTitle', { name })}
              consequences={
                <>
                  <p>{t('lifecycle.deleteConsequences')}</p>
                  <p>{t('lifecycle.deleteKept')}</p>
                  <p>
                    <strong>{t('lifecycle.deleteFinal')}</strong>
                  </p>
                </>
              }
              confirmLabel={t('lifecycle.deleteConfirm')}
              disabled={busy}
              onConfirm={() => void remove()}
            />
          </div>
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

// Privacy (SPEC §10): a fan's erasure and the raw data export, for the client the user works for
// or — master — the one chosen (or every client). Viewers export but do not erase, as the API says.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClients } from '../api/useClients';
import { usePermissions } from '../auth/session';
import { SelectField } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { EraseForm } from './EraseForm';
import { ExportForm } from './ExportForm';

export function PrivacyPage() {
  const { t } = useTranslation('privacy');
  usePageTitle(t('title'));
  const { isMaster, canWrite } = usePermissions();
  const clients = useClients().data ?? [];
  const [chosen, setChosen] = useState('');
  // master: every client unless one is chosen; anyone else: their (first) client
  const clientId = chosen || (isMaster ? '' : (clients[0]?.id ?? ''));
  const clientName = clients.find((c) => c.id === clientId)?.name ?? null;

  return (
    <section className="page" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {isMaster || clients.length > 1 ? (
        <div className="filters">
          <SelectField label={t('client')} value={clientId} onChange={(e) => setChosen(e.target.value)}>
            {isMaster ? <option value="">{t('allClients')}</option> : null}
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      {canWrite ? <EraseForm clientId={clientId} clientName={clientName} /> : <p className="hint">{t('readOnly')}</p>}
      <ExportForm clientId={clientId} />
    </section>
  );
}

// Master creates a client (POST /clients), then sets it up on its settings page.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { useNavigate } from '../app/router';
import { ErrorMessage } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { usePageTitle } from '../ui/usePageTitle';
import { timeZones } from './TimeZoneForm';

export function NewClientPage() {
  const { t } = useTranslation('clients');
  usePageTitle(t('newClient.title'));
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const client = await api.post('/api/v1/clients', { body: { name: name.trim(), timeZone: zone } });
      navigate(`/clients/${client.id}/settings`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="page narrow" aria-labelledby="new-client-title">
      <h1 id="new-client-title">{t('newClient.title')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={t('newClient.name')} required value={name} hint={t('newClient.nameHint')} error={fieldError(error, 'name')} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('newClient.zone')} value={zone} error={fieldError(error, 'timeZone')} onChange={(e) => setZone(e.target.value)}>
          {timeZones().map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
        <ErrorMessage error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t('newClient.create')}
        </button>
      </form>
    </section>
  );
}

// Master creates a client (POST /clients), then sets it up on its settings page.
import { useState, type FormEvent } from 'react';
import { api } from '../api/http';
import { useNavigate } from '../app/router';
import { ErrorMessage } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { timeZones } from './TimeZoneForm';

export function NewClientPage() {
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
      <h1 id="new-client-title">New client</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="Name" required value={name} hint="The label, artist or manager." onChange={(e) => setName(e.target.value)} />
        <SelectField label="Reporting time zone" value={zone} onChange={(e) => setZone(e.target.value)}>
          {timeZones().map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
        <ErrorMessage error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          Create client
        </button>
      </form>
    </section>
  );
}

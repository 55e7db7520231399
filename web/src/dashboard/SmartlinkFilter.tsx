// Narrow the dashboard to one of the client's smartlinks (the drill-down), or show them all.
import { useApi } from '../api/useApi';
import { SelectField } from '../ui/Field';

export function SmartlinkFilter({ clientId, value, onChange }: { readonly clientId: string; readonly value: string | undefined; readonly onChange: (id: string | null) => void }) {
  const links = useApi('/api/v1/smartlinks', { query: { clientId, limit: 200 } });
  const list = links.data?.data ?? [];
  return (
    <SelectField className="smartlink-filter" label="Smartlink" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">All smartlinks</option>
      {value && !list.some((l) => l.id === value) ? <option value={value}>{links.loading ? 'Loading…' : 'Unknown smartlink'}</option> : null}
      {list.map((l) => (
        <option key={l.id} value={l.id}>
          {l.artistName} – {l.trackTitle} (/{l.slug})
        </option>
      ))}
    </SelectField>
  );
}

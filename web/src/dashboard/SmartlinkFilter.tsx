// Narrow the dashboard to one of the client's smartlinks (the drill-down), or show them all.
import { useTranslation } from 'react-i18next';
import { useApiList } from '../api/useApi';
import { SelectField } from '../ui/Field';

export function SmartlinkFilter({ clientId, value, onChange }: { readonly clientId: string; readonly value: string | undefined; readonly onChange: (id: string | null) => void }) {
  const { t } = useTranslation('dashboard');
  const links = useApiList('/api/v1/smartlinks', { query: { clientId } });
  const list = links.data ?? [];
  return (
    <SelectField className="smartlink-filter" label={t('smartlinkFilter.label')} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{t('smartlinkFilter.all')}</option>
      {value && !list.some((l) => l.id === value) ? <option value={value}>{links.loading ? t('smartlinkFilter.loading') : t('smartlinkFilter.unknown')}</option> : null}
      {list.map((l) => (
        <option key={l.id} value={l.id}>
          {l.artistName} – {l.trackTitle} (/{l.slug})
        </option>
      ))}
    </SelectField>
  );
}

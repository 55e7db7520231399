// The audit log's filters: client, a domain of actions, who, and days (the browser's).
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../ui/Field';

export const DOMAINS = ['client', 'smartlink', 'user', 'invitation', 'key', 'privacy', 'migration', 'alert'] as const;

export interface AuditFilter {
  readonly clientId: string;
  readonly domain: '' | (typeof DOMAINS)[number];
  readonly actor: string;
  readonly from: string;
  readonly to: string;
}

export const NO_FILTER: AuditFilter = { clientId: '', domain: '', actor: '', from: '', to: '' };

/** The API's query for a filter: days as the browser's midnights, `to` inclusive. */
export function auditQuery(filter: AuditFilter) {
  const midnight = (day: string, plusDays = 0) => {
    const d = new Date(`${day}T00:00:00`);
    d.setDate(d.getDate() + plusDays);
    return d.getTime();
  };
  return {
    ...(filter.clientId ? { clientId: filter.clientId } : {}),
    ...(filter.domain ? { action: `${filter.domain}.` } : {}),
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.from ? { from: midnight(filter.from) } : {}),
    ...(filter.to ? { to: midnight(filter.to, 1) } : {}),
  };
}

interface Props {
  readonly filter: AuditFilter;
  readonly clients: readonly { readonly id: string; readonly name: string }[];
  readonly actors: readonly { readonly value: string; readonly label: string }[];
  onChange(filter: AuditFilter): void;
}

export function AuditFilters({ filter, clients, actors, onChange }: Props) {
  const { t } = useTranslation('audit');
  const set = (change: Partial<AuditFilter>) => onChange({ ...filter, ...change });
  const backwards = filter.from !== '' && filter.to !== '' && filter.to < filter.from;
  return (
    <fieldset className="filters">
      <legend className="offscreen">{t('filters')}</legend>
      <SelectField label={t('client')} value={filter.clientId} onChange={(e) => set({ clientId: e.target.value })}>
        <option value="">{t('allClients')}</option>
        {clients.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('action')} value={filter.domain} onChange={(e) => set({ domain: e.target.value as AuditFilter['domain'] })}>
        <option value="">{t('allActions')}</option>
        {DOMAINS.map((d) => (
          <option key={d} value={d}>
            {t(`domain.${d}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('actor')} value={filter.actor} onChange={(e) => set({ actor: e.target.value })}>
        <option value="">{t('allActors')}</option>
        {actors.map((a) => (
          <option key={a.value} value={a.value}>
            {a.label}
          </option>
        ))}
      </SelectField>
      <TextField label={t('from')} type="date" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
      <TextField label={t('to')} type="date" value={filter.to} error={backwards ? t('toBeforeFrom') : undefined} onChange={(e) => set({ to: e.target.value })} />
    </fieldset>
  );
}

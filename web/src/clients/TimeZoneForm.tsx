// The client's reporting time zone: where its days and hours begin in every report.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function timeZones(): readonly string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function TimeZoneForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('timeZone');
  const [zone, setZone] = useState(client.timeZone ?? 'UTC');
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(zone) ? all : [zone, ...all];
  }, [zone]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void patch.save({ timeZone: zone });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="tz-title" noValidate>
      <h2 id="tz-title">{t('timeZone.title')}</h2>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('timeZone.title')}</legend>
        <SelectField label={t('timeZone.zone')} value={zone} hint={t('timeZone.zoneHint')} error={fieldError(patch.error, 'timeZone')} onChange={(e) => setZone(e.target.value)}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label={t('timeZone.save')} />}
    </form>
  );
}

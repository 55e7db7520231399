// Where fans get a consent banner before any tag loads: the EEA as a whole and/or ISO country codes.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function ConsentForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('consent');
  const [eea, setEea] = useState(client.consentRegions.includes('EEA'));
  const [countries, setCountries] = useState(client.consentRegions.filter((r) => r !== 'EEA').join(', '));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const codes = countries
      .split(/[\s,;]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    void patch.save({ consentRegions: [...(eea ? ['EEA'] : []), ...new Set(codes)] });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="consent-title" noValidate>
      <h2 id="consent-title">{t('consent.title')}</h2>
      <p className="section-intro">{t('consent.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('consent.regions')}</legend>
        <CheckboxField label={t('consent.eea')} checked={eea} onChange={(e) => setEea(e.target.checked)} />
        <TextField
          label={t('consent.countries')}
          value={countries}
          placeholder="GB, CH"
          hint={t('consent.countriesHint')}
          error={fieldError(patch.error, 'consentRegions')}
          autoComplete="off"
          onChange={(e) => setCountries(e.target.value)}
        />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label={t('consent.save')} />}
    </form>
  );
}

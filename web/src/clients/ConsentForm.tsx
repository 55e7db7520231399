// Where fans get a consent banner before any tag loads: the EEA as a whole and/or ISO country codes.
import { useState, type FormEvent } from 'react';
import { CheckboxField, TextField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function ConsentForm({ readOnly }: { readonly readOnly: boolean }) {
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
      <h2 id="consent-title">Consent policy</h2>
      <p className="section-intro">Visitors from these places see a consent banner, and tags wait for their choice.</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">Consent regions</legend>
        <CheckboxField label="The whole European Economic Area (EEA)" checked={eea} onChange={(e) => setEea(e.target.checked)} />
        <TextField label="Other countries" value={countries} placeholder="GB, CH" hint="Two-letter ISO codes, separated by commas." autoComplete="off" onChange={(e) => setCountries(e.target.value)} />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label="Save consent policy" />}
    </form>
  );
}

// The look of the client's pages: logo, colours, font, with a live preview of a page.
import { useState, type FormEvent } from 'react';
import type { Branding } from '../api/types';
import { PagePreview } from '../smartlinks/PagePreview';
import { SelectField, TextField } from '../ui/Field';
import { useClient } from './ClientArea';
import { ContrastWarning } from './ContrastWarning';
import { FONTS } from './fonts';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function BrandingForm({ readOnly }: { readonly readOnly: boolean }) {
  const { client } = useClient();
  const patch = useClientPatch('branding');
  const [branding, setBranding] = useState<Branding>(client.branding);
  const set = (change: Partial<Branding>) => setBranding({ ...branding, ...change });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void patch.save({ branding: { ...branding, logo: branding.logo?.trim() || null } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="branding-title" noValidate>
      <h2 id="branding-title">Branding</h2>
      <div className="split">
        <fieldset disabled={readOnly}>
          <legend className="offscreen">Branding</legend>
          <TextField label="Logo URL" type="url" inputMode="url" value={branding.logo ?? ''} placeholder="https://…" hint="An https image, shown above the artwork." onChange={(e) => set({ logo: e.target.value })} />
          <div className="field-row">
            <TextField className="field-color" label="Primary colour" type="color" value={branding.primaryColor} hint="Buttons and accents." onChange={(e) => set({ primaryColor: e.target.value })} />
            <TextField className="field-color" label="Secondary colour" type="color" value={branding.secondaryColor} hint="Page background." onChange={(e) => set({ secondaryColor: e.target.value })} />
          </div>
          <ContrastWarning branding={branding} />
          <SelectField label="Font" value={branding.font} onChange={(e) => set({ font: e.target.value as Branding['font'] })}>
            {Object.entries(FONTS).map(([id, font]) => (
              <option key={id} value={id}>
                {font.name}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <PagePreview
          label="Live preview of the branding"
          branding={branding}
          artistName="Artist name"
          trackTitle="Track title"
          artworkUrl={null}
          services={[{ service: 'spotify' }, { service: 'apple-music' }, { service: 'deezer' }]}
          footer={client.name}
        />
      </div>
      {readOnly ? null : <SaveRow patch={patch} label="Save branding" />}
    </form>
  );
}

// The look of the client's pages: logo, colours, font, with a live preview of a page.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branding } from '../api/types';
import { PagePreview } from '../smartlinks/PagePreview';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { ContrastWarning } from './ContrastWarning';
import { FONT_IDS } from './fonts';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function BrandingForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
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
      <h2 id="branding-title">{t('branding.title')}</h2>
      <div className="split">
        <fieldset disabled={readOnly}>
          <legend className="offscreen">{t('branding.title')}</legend>
          <TextField
            label={t('branding.logo')}
            type="url"
            inputMode="url"
            value={branding.logo ?? ''}
            placeholder="https://…"
            hint={t('branding.logoHint')}
            error={fieldError(patch.error, 'branding.logo')}
            onChange={(e) => set({ logo: e.target.value })}
          />
          <div className="field-row">
            <TextField className="field-color" label={t('branding.primary')} type="color" value={branding.primaryColor} hint={t('branding.primaryHint')} onChange={(e) => set({ primaryColor: e.target.value })} />
            <TextField className="field-color" label={t('branding.secondary')} type="color" value={branding.secondaryColor} hint={t('branding.secondaryHint')} onChange={(e) => set({ secondaryColor: e.target.value })} />
          </div>
          <ContrastWarning branding={branding} />
          <SelectField label={t('branding.font')} value={branding.font} onChange={(e) => set({ font: e.target.value as Branding['font'] })}>
            {FONT_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`branding.fonts.${id}`)}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <PagePreview
          label={t('branding.preview')}
          branding={branding}
          artistName={t('branding.artist')}
          trackTitle={t('branding.track')}
          artworkUrl={null}
          services={[{ service: 'spotify' }, { service: 'apple-music' }, { service: 'deezer' }]}
          footer={client.name}
        />
      </div>
      {readOnly ? null : <SaveRow patch={patch} label={t('branding.save')} />}
    </form>
  );
}

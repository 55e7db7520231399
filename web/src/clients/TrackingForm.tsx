// The client's tags: GTM, GA4, Meta Pixel, TikTok Pixel. The API checks each format and says which
// one is wrong; its message is shown as it is.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagName } from '../api/types';
import { TAG_FORMATS } from '../../../src/tenants/tags';
import { TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

const TAGS: readonly TagName[] = ['gtm', 'ga4', 'facebook', 'tiktok'];

export function TrackingForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('tracking');
  const [ids, setIds] = useState<Record<TagName, string>>({
    gtm: client.tracking.gtm ?? '',
    ga4: client.tracking.ga4 ?? '',
    facebook: client.tracking.facebook ?? '',
    tiktok: client.tracking.tiktok ?? '',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // tracking is replaced as a whole: keep the custom ids, leave out the emptied tags.
    const tracking: Record<string, unknown> = client.tracking.custom ? { custom: client.tracking.custom } : {};
    for (const name of TAGS) if (ids[name].trim()) tracking[name] = ids[name].trim();
    void patch.save({ tracking });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="tracking-title" noValidate>
      <h2 id="tracking-title">{t('tracking.title')}</h2>
      <p className="section-intro">{t('tracking.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('tracking.title')}</legend>
        {TAGS.map((name) => (
          <TextField
            key={name}
            label={t(`tracking.${name}`)}
            name={name}
            value={ids[name]}
            autoComplete="off"
            spellCheck={false}
            hint={t('tracking.like', { example: TAG_FORMATS[name].example })}
            error={fieldError(patch.error, `tracking.${name}`)}
            onChange={(e) => setIds({ ...ids, [name]: e.target.value })}
          />
        ))}
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label={t('tracking.save')} />}
    </form>
  );
}

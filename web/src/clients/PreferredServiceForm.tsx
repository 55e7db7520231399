// Returning fans: whether a fan who asked one of the client's pages to remember their service
// (a first-party cookie they opt into, forgotten from the privacy page) skips the page of the
// client's smartlinks and goes straight to that service. The view and the click are still counted.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function PreferredServiceForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('preferred-service');
  const [skip, setSkip] = useState(client.settings.skipToPreferredService ?? false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void patch.save({ settings: { skipToPreferredService: skip } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="preferred-title" noValidate>
      <h2 id="preferred-title">{t('preferred.title')}</h2>
      <p className="section-intro">{t('preferred.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('preferred.title')}</legend>
        <CheckboxField
          label={t('preferred.skip')}
          checked={skip}
          hint={t('preferred.skipHint')}
          onChange={(e) => setSkip(e.target.checked)}
        />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} />}
    </form>
  );
}

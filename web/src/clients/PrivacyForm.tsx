// What each smartlink's privacy page (/privacy/<slug>) adds for this client: where fans send their
// requests (an email address or an https URL, checked by the API) and a free notice.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function PrivacyForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('privacy');
  const [contact, setContact] = useState(client.privacy?.contact ?? '');
  const [notice, setNotice] = useState(client.privacy?.notice ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void patch.save({ privacy: { contact: contact.trim() || null, notice: notice.trim() || null } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="privacy-title" noValidate>
      <h2 id="privacy-title">{t('privacy.title')}</h2>
      <p className="section-intro">{t('privacy.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('privacy.title')}</legend>
        <TextField
          label={t('privacy.contact')}
          value={contact}
          maxLength={200}
          placeholder="privacy@label.com"
          hint={t('privacy.contactHint')}
          error={fieldError(patch.error, 'privacy.contact')}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setContact(e.target.value)}
        />
        <TextAreaField label={t('privacy.notice')} value={notice} maxLength={2000} rows={4} onChange={(e) => setNotice(e.target.value)} />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label={t('privacy.save')} />}
    </form>
  );
}

// What each smartlink's privacy page (/privacy/<slug>) adds for this client: where fans send their
// requests (an email address or an https URL, checked by the API) and a free notice.
import { useState, type FormEvent } from 'react';
import { TextAreaField, TextField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function PrivacyForm({ readOnly }: { readonly readOnly: boolean }) {
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
      <h2 id="privacy-title">Privacy page</h2>
      <p className="section-intro">Shown on each smartlink’s /privacy/&lt;slug&gt; page.</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">Privacy page</legend>
        <TextField
          label="Contact for fans' requests"
          value={contact}
          maxLength={200}
          placeholder="privacy@label.com"
          hint="An email address or an https URL."
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setContact(e.target.value)}
        />
        <TextAreaField label="Notice (controller, DPO…)" value={notice} maxLength={2000} rows={4} onChange={(e) => setNotice(e.target.value)} />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label="Save privacy page" />}
    </form>
  );
}

// Returning fans: whether a fan who asked one of the client's pages to remember their service
// (a first-party cookie they opt into, forgotten from the privacy page) skips the page of the
// client's smartlinks and goes straight to that service. The view and the click are still counted.
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function PreferredServiceForm({ readOnly }: { readonly readOnly: boolean }) {
  const { client } = useClient();
  const patch = useClientPatch('preferred-service');
  const [skip, setSkip] = useState(client.settings.skipToPreferredService ?? false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void patch.save({ settings: { skipToPreferredService: skip } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="preferred-title" noValidate>
      <h2 id="preferred-title">Returning fans</h2>
      <p className="section-intro">
        Pages offer fans a “Remember my choice” box. A fan who ticks it before choosing a service gets a cookie naming that service (only then, for
        180 days; the privacy page says so and lets them forget it).
      </p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">Returning fans</legend>
        <CheckboxField
          label="Take them straight to their service"
          checked={skip}
          hint="On any of your smartlinks, when that service is on the page for them. The visit and the click are still counted. Bots never skip."
          onChange={(e) => setSkip(e.target.checked)}
        />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label="Save" />}
    </form>
  );
}

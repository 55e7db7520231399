// The client's tags: GTM, GA4, Meta Pixel, TikTok Pixel. The API checks each format and says which
// one is wrong; its message is shown as it is.
import { useState, type FormEvent } from 'react';
import type { TagName } from '../api/types';
import { TAG_FORMATS } from '../../../src/tenants/tags';
import { TextField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

const TAGS: readonly { readonly name: TagName; readonly label: string }[] = [
  { name: 'gtm', label: 'Google Tag Manager container' },
  { name: 'ga4', label: 'Google Analytics 4 measurement id' },
  { name: 'facebook', label: 'Meta Pixel id' },
  { name: 'tiktok', label: 'TikTok Pixel id' },
];

export function TrackingForm({ readOnly }: { readonly readOnly: boolean }) {
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
    for (const { name } of TAGS) if (ids[name].trim()) tracking[name] = ids[name].trim();
    void patch.save({ tracking });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="tracking-title" noValidate>
      <h2 id="tracking-title">Tracking ids</h2>
      <p className="section-intro">Loaded on every smartlink page of this client (after consent where it is needed). Leave a field empty to turn that tag off.</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">Tracking ids</legend>
        {TAGS.map(({ name, label }) => (
          <TextField
            key={name}
            label={label}
            name={name}
            value={ids[name]}
            autoComplete="off"
            spellCheck={false}
            hint={`Like ${TAG_FORMATS[name].example}`}
            onChange={(e) => setIds({ ...ids, [name]: e.target.value })}
          />
        ))}
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label="Save tracking ids" />}
    </form>
  );
}

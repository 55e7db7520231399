// What the client's smartlink pages let tags load: 'strict' (only the configured tags) or
// 'gtm-open' (whatever the GTM container adds, Google Ads and Floodlight, and the hosts listed
// here). Each field says what is wrong with it before anything is sent; the API checks again.
import { useState, type FormEvent } from 'react';
import { MAX_TAG_ALLOW_LIST, tagHostSourceProblem, type TagPolicy } from '../../../src/tenants/tags';
import { SelectField, TextAreaField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

const POLICIES: Readonly<Record<TagPolicy, string>> = {
  strict: 'Strict: only the tags configured above',
  'gtm-open': 'GTM open: what the GTM container adds, and the hosts below',
};

/** The entries of the allow-list field: one per line (or separated by commas or spaces). */
function entriesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The allow-list field's error, or null. */
function allowListError(entries: readonly string[]): string | null {
  if (entries.length > MAX_TAG_ALLOW_LIST) return `At most ${MAX_TAG_ALLOW_LIST} hosts.`;
  for (const entry of entries) {
    const problem = tagHostSourceProblem(entry);
    if (problem) return `"${entry}" is ${problem}.`;
  }
  return null;
}

export function TagPolicyForm({ readOnly }: { readonly readOnly: boolean }) {
  const { client } = useClient();
  const patch = useClientPatch('tag-policy');
  const [policy, setPolicy] = useState<TagPolicy>(client.settings.tagPolicy ?? 'strict');
  const [allowList, setAllowList] = useState((client.settings.tagAllowList ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entries = entriesOf(allowList);
    const problem = allowListError(entries);
    setError(problem);
    if (!problem) void patch.save({ settings: { tagPolicy: policy, tagAllowList: entries } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="tag-policy-title" noValidate>
      <h2 id="tag-policy-title">Tag policy</h2>
      <p className="section-intro">
        Strict pages load only the tags above; anything your GTM container adds is blocked, and shown under Tracking performance. GTM open lets
        whoever can publish your container run any script on your pages and send data to the hosts listed here; Consent Mode still holds back
        Google’s tags, but not Custom HTML tags or other vendors’ pixels, which must check consent themselves.
      </p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">Tag policy</legend>
        <SelectField label="Policy" value={policy} onChange={(e) => setPolicy(e.target.value as TagPolicy)}>
          {Object.entries(POLICIES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label="Other vendors’ hosts (GTM open)"
          value={allowList}
          rows={4}
          spellCheck={false}
          placeholder={'tr.snapchat.com\n*.pinimg.com'}
          aria-invalid={error ? true : undefined}
          hint={
            error ? (
              <span className="field-error" role="alert">
                {error}
              </span>
            ) : (
              `One https host per line (a leading *. allows its subdomains), at most ${MAX_TAG_ALLOW_LIST}. Google Ads and Floodlight need none.`
            )
          }
          onChange={(e) => setAllowList(e.target.value)}
        />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label="Save tag policy" />}
    </form>
  );
}

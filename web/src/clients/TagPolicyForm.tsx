// What the client's smartlink pages let tags load: 'strict' (only the configured tags) or
// 'gtm-open' (whatever the GTM container adds, Google Ads and Floodlight, and the hosts listed
// here). Each field says what is wrong with it before anything is sent; the API checks again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TAG_ALLOW_LIST, tagHostSourceProblem, type TagPolicy } from '../../../src/tenants/tags';
import { SelectField, TextAreaField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

const POLICIES = { strict: 'tagPolicy.strict', 'gtm-open': 'tagPolicy.gtmOpen' } as const satisfies Record<TagPolicy, string>;

/** The entries of the allow-list field: one per line (or separated by commas or spaces). */
function entriesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** What is wrong with the allow-list field (too many hosts, or the first bad one), or null. */
function allowListError(entries: readonly string[]): { readonly tooMany: true } | { readonly entry: string; readonly problem: string } | null {
  if (entries.length > MAX_TAG_ALLOW_LIST) return { tooMany: true };
  for (const entry of entries) {
    const problem = tagHostSourceProblem(entry);
    if (problem) return { entry, problem };
  }
  return null;
}

export function TagPolicyForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('tag-policy');
  const [policy, setPolicy] = useState<TagPolicy>(client.settings.tagPolicy ?? 'strict');
  const [allowList, setAllowList] = useState((client.settings.tagAllowList ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entries = entriesOf(allowList);
    const problem = allowListError(entries);
    setError(problem === null ? null : 'tooMany' in problem ? t('tagPolicy.tooMany', { max: MAX_TAG_ALLOW_LIST }) : t('tagPolicy.badHost', problem));
    if (!problem) void patch.save({ settings: { tagPolicy: policy, tagAllowList: entries } });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="tag-policy-title" noValidate>
      <h2 id="tag-policy-title">{t('tagPolicy.title')}</h2>
      <p className="section-intro">{t('tagPolicy.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('tagPolicy.title')}</legend>
        <SelectField label={t('tagPolicy.policy')} value={policy} onChange={(e) => setPolicy(e.target.value as TagPolicy)}>
          {Object.entries(POLICIES).map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label={t('tagPolicy.hosts')}
          value={allowList}
          rows={4}
          spellCheck={false}
          placeholder={'tr.snapchat.com\n*.pinimg.com'}
          error={error ?? fieldError(patch.error, 'settings.tagAllowList')}
          hint={t('tagPolicy.hostsHint', { max: MAX_TAG_ALLOW_LIST })}
          onChange={(e) => setAllowList(e.target.value)}
        />
      </fieldset>
      {readOnly ? null : <SaveRow patch={patch} label={t('tagPolicy.save')} />}
    </form>
  );
}

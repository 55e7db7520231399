// The tags of this smartlink's page: the client's (as set in its settings), an id of its own for
// any of them (another GA4 property or pixel for this campaign), none for some, or no tag at all.
import { useTranslation } from 'react-i18next';
import type { Tracking } from '../api/types';
import { TAG_FORMATS } from '../../../src/tenants/tags';
import { CheckboxField, SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { TAG_NAMES, type TagMode, type TagOverrideDraft } from './tag-override';

interface Props {
  readonly value: TagOverrideDraft;
  /** The client's own tags, which the page loads unless overridden. */
  readonly clientTags: Tracking;
  readonly readOnly: boolean;
  /** The last refused save, for the field it names. */
  readonly error: unknown;
  onChange(value: TagOverrideDraft): void;
}

export function TagOverrideEditor({ value, clientTags, readOnly, error, onChange }: Props) {
  const { t } = useTranslation('smartlinks');
  return (
    <fieldset className="services-editor" disabled={readOnly}>
      <legend>{t('tags.title')}</legend>
      <p className="hint">{t('tags.intro')}</p>
      <CheckboxField label={t('tags.disabled')} hint={t('tags.disabledHint')} checked={value.disabled} onChange={(e) => onChange({ ...value, disabled: e.target.checked })} />
      {value.disabled
        ? null
        : TAG_NAMES.map((name) => {
            const choice = value.tags[name];
            const set = (change: Partial<typeof choice>) => onChange({ ...value, tags: { ...value.tags, [name]: { ...choice, ...change } } });
            const own = clientTags[name];
            return (
              <div key={name} className="field-row">
                <SelectField label={t(`tags.names.${name}`)} value={choice.mode} onChange={(e) => set({ mode: e.target.value as TagMode })}>
                  <option value="client">{own ? t('tags.client', { id: own }) : t('tags.clientNone')}</option>
                  <option value="own">{t('tags.own')}</option>
                  <option value="off">{t('tags.off')}</option>
                </SelectField>
                {choice.mode === 'own' ? (
                  <TextField
                    label={t('tags.ownId', { tag: t(`tags.names.${name}`) })}
                    value={choice.id}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={TAG_FORMATS[name].example}
                    error={fieldError(error, `tracking.${name}`)}
                    onChange={(e) => set({ id: e.target.value })}
                  />
                ) : null}
              </div>
            );
          })}
    </fieldset>
  );
}

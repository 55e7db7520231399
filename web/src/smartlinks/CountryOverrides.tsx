// Per-country destinations of one service (FR → music.amazon.fr): a fan from that country goes there.
// A code that names no country is said at once (the API refuses it too).
import { useTranslation } from 'react-i18next';
import { toCountryCode } from '../../../src/links/country';
import type { OverrideDraft } from './draft';
import { newKey } from './draft';

interface Props {
  readonly serviceName: string;
  readonly overrides: readonly OverrideDraft[];
  readonly readOnly: boolean;
  onChange(overrides: OverrideDraft[]): void;
}

export function CountryOverrides({ serviceName, overrides, readOnly, onChange }: Props) {
  const { t } = useTranslation('smartlinks');
  const set = (key: number, change: Partial<OverrideDraft>) => onChange(overrides.map((o) => (o.key === key ? { ...o, ...change } : o)));
  return (
    <div className="overrides">
      <p className="overrides-title">
        {t('overrides.title', { name: serviceName })}
        {overrides.length === 0 ? <span className="hint">{t('overrides.none')}</span> : null}
      </p>
      <ul>
        {overrides.map((o, i) => {
          const invalid = o.country.trim().length === 2 && toCountryCode(o.country) === null;
          return (
          <li key={o.key} className="override-row">
            <div className="field field-country">
              <label htmlFor={`ov-${o.key}-country`}>{t('overrides.country')}</label>
              <input
                id={`ov-${o.key}-country`}
                value={o.country}
                maxLength={2}
                placeholder="FR"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? `ov-${o.key}-error` : undefined}
                onChange={(e) => set(o.key, { country: e.target.value.toUpperCase() })}
              />
              {invalid ? (
                <p className="field-error" id={`ov-${o.key}-error`}>
                  {t('country.invalid', { code: o.country })}
                </p>
              ) : null}
            </div>
            <div className="field field-grow">
              <label htmlFor={`ov-${o.key}-url`}>{t('overrides.link')}</label>
              <input id={`ov-${o.key}-url`} type="url" inputMode="url" value={o.url} placeholder="https://…" onChange={(e) => set(o.key, { url: e.target.value })} />
            </div>
            {readOnly ? null : (
              <button type="button" className="button-icon" aria-label={o.country ? t('overrides.removeNamedCountry', { n: i + 1, country: o.country, name: serviceName }) : t('overrides.removeNamed', { n: i + 1, name: serviceName })} onClick={() => onChange(overrides.filter((x) => x.key !== o.key))}>
                {t('overrides.remove')}
              </button>
            )}
          </li>
          );
        })}
      </ul>
      {readOnly ? null : (
        <button type="button" className="button-secondary button-small" onClick={() => onChange([...overrides, { key: newKey(), country: '', url: '' }])}>
          {t('overrides.add')}
        </button>
      )}
    </div>
  );
}

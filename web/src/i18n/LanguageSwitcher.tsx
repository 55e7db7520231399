// The language the app speaks, switchable from the header and the sign-in page: a labelled select.
import { useTranslation } from 'react-i18next';
import { currentLanguage, switchLanguage } from './i18n';
import { LANGUAGES, type Language } from './language';

/** Each language named in itself, so a person finds theirs whatever the app speaks now. */
const NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'Français' };

export function LanguageSwitcher() {
  const { t } = useTranslation('ui');
  return (
    <label className="language-switcher">
      <span className="offscreen">{t('language')}</span>
      <select value={currentLanguage()} onChange={(event) => switchLanguage(event.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

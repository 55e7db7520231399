// The app's i18next instance: French and English, every namespace loaded up front (they are
// small), the language chosen as language.ts says and kept on <html lang>.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { preferredLanguage, rememberChoice, type Language } from './language';
import { namespaces } from './resources';

const resources = {
  en: Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, messages.en])),
  fr: Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, messages.fr])),
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: preferredLanguage(),
  fallbackLng: 'en',
  ns: Object.keys(namespaces),
  defaultNS: 'app',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

// <html lang> follows, so screen readers and hyphenation use the right language.
const markDocument = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
};
markDocument(i18n.language);
i18n.on('languageChanged', markDocument);

export function currentLanguage(): Language {
  return i18n.language === 'fr' ? 'fr' : 'en';
}

export function switchLanguage(language: Language): void {
  rememberChoice(language);
  void i18n.changeLanguage(language);
}

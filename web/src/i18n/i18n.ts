// The app's i18next instance: French and English, every namespace loaded up front (they are
// small), the language chosen as language.ts says and kept on <html lang>.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { preferredLanguage, rememberChoice, type Language } from './language';
import { namespaces } from './resources';

type Tree = { readonly [key: string]: string | Tree };

/**
 * French has a third plural form, "many", for whole millions (1 000 000 vues): the same words as
 * "other", so each `_other` message serves as its `_many` too (messages.ts files write one and
 * other only).
 */
export function withManyForms(tree: Tree): Tree {
  const out: Record<string, string | Tree> = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === 'string' ? value : withManyForms(value);
    if (typeof value === 'string' && key.endsWith('_other')) out[`${key.slice(0, -'_other'.length)}_many`] ??= value;
  }
  return out;
}

const resources = {
  en: Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, messages.en])),
  fr: Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, withManyForms(messages.fr as Tree)])),
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

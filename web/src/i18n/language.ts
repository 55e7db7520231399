// Which language the app speaks: the one the person chose (kept in this browser), else the
// browser's first language we have, else English.
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'duotrack.language';

const isLanguage = (value: string | null | undefined): value is Language => LANGUAGES.includes(value as Language);

/** 'fr-CA' → 'fr'; null for a language we do not have. */
export function languageOf(tag: string): Language | null {
  const base = tag.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : null;
}

/** `browser`: the browser's languages, best first (none outside a browser: the unit tests run in Node). */
export function preferredLanguage(browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): Language {
  const chosen = readChoice();
  if (chosen) return chosen;
  for (const tag of browser) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return 'en';
}

function readChoice(): Language | null {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null; // storage refused (private mode, policy): the browser's language then
  }
}

export function rememberChoice(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not kept: the choice lasts for this page only
  }
}

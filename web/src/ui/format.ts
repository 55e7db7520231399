// How numbers, rates, money, dates and countries read in the app: in the language the app speaks
// (i18n/i18n.ts), with that language's digits, separators and month names.
import { currentLanguage, i18n } from '../i18n/i18n';
import type { Language } from '../i18n/language';

/** One formatter per language and options, made on first use. */
function cached<T>(make: (language: Language) => T): () => T {
  const made = new Map<Language, T>();
  return () => {
    const language = currentLanguage();
    let value = made.get(language);
    if (value === undefined) {
      value = make(language);
      made.set(language, value);
    }
    return value;
  };
}

const integer = cached((l) => new Intl.NumberFormat(l, { maximumFractionDigits: 0 }));
const decimal = cached((l) => new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const percent = cached((l) => new Intl.NumberFormat(l, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const signedPercent = cached((l) => new Intl.NumberFormat(l, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }));
const amount = cached((l) => new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const regions = cached((l) => new Intl.DisplayNames([l], { type: 'region' }));
const dateTime = cached((l) => new Intl.DateTimeFormat(l === 'en' ? 'en-GB' : l, { dateStyle: 'medium', timeStyle: 'short' }));
const moneyFormats = new Map<string, Intl.NumberFormat>();

export const formatCount = (n: number): string => integer().format(n);

/** A count with its noun in the right number: "1 view", "0 views". Prefer t('views', { count }) in new code. */
export const formatCountOf = (n: number, one: string, other: string): string => `${integer().format(n)} ${new Intl.PluralRules(currentLanguage()).select(n) === 'one' ? one : other}`;

/** A number with one decimal: 2.5 → "2.5" ("2,5" in French). */
export const formatDecimal = (n: number): string => decimal().format(n);

/** A fraction 0..1 as a percentage: 0.1234 → "12.3 %" ("12,3 %" in French). */
export const formatFraction = (f: number): string => percent().format(f);

/** A percentage 0..100: 97.25 → "97.3 %". */
export const formatPercent = (p: number): string => percent().format(p / 100);

/** Growth in percent, signed; "—" when there is nothing to compare with. */
export const formatGrowth = (p: number | null): string => (p === null ? '—' : signedPercent().format(p / 100));

/** An amount, in `currency` (ISO 4217) when it is known: "€1,234.50"; else the bare amount. */
export function formatMoney(n: number, currency?: string | null): string {
  if (!currency) return amount().format(n);
  const key = `${currentLanguage()} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency });
    } catch {
      return `${amount().format(n)} ${currency}`; // a code Intl does not know
    }
    moneyFormats.set(key, format);
  }
  return format.format(n);
}

export function formatDateTime(ms: number | string): string {
  return dateTime().format(new Date(ms));
}

/** A time of day in `timeZone` (the client's): "14:05". */
export function formatTime(ms: number | string, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(currentLanguage() === 'en' ? 'en-GB' : 'fr', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}

/** A calendar day 'YYYY-MM-DD' as the language writes it: "7 Dec 2026", "7 déc. 2026"; `withYear` false: "7 Dec". */
export function formatDay(day: string, withYear = true): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(currentLanguage() === 'en' ? 'en-GB' : 'fr', { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
}

/** 'FR' → 'France' ('Allemagne' for 'DE' in French); '' → "Unknown". */
export function countryName(code: string): string {
  if (!code) return i18n.t('ui:unknownCountry');
  try {
    return regions().of(code) ?? code;
  } catch {
    return code;
  }
}

// How numbers, rates, money, dates and countries read in the app (English, the browser's digits).

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const regions = new Intl.DisplayNames(['en'], { type: 'region' });

export const formatCount = (n: number): string => integer.format(n);

const plural = new Intl.PluralRules('en');
/** A count with its noun in the right number: "1 view", "0 views", "1,204 clicks". */
export const formatCountOf = (n: number, one: string, other: string): string => `${integer.format(n)} ${plural.select(n) === 'one' ? one : other}`;

/** A fraction 0..1 as a percentage: 0.1234 → "12.3 %". */
export const formatFraction = (f: number): string => `${(f * 100).toFixed(1)} %`;

/** A percentage 0..100: 97.25 → "97.3 %". */
export const formatPercent = (p: number): string => `${p.toFixed(1)} %`;

/** Growth in percent, signed; "—" when there is nothing to compare with. */
export const formatGrowth = (p: number | null): string => (p === null ? '—' : `${p > 0 ? '+' : ''}${p.toFixed(1)} %`);

export const formatMoney = (n: number): string => money.format(n);

export function formatDateTime(ms: number | string): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** 'FR' → 'France'; '' → 'Unknown'. */
export function countryName(code: string): string {
  if (!code) return 'Unknown';
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

// Reading the providers' JSON without trusting it: each accessor gives the value if it has the
// expected type, else null (or an empty list), and `required` turns a missing field into a clear
// provider error instead of a crash.
import type { Caller } from './http.js';
import { PROVIDER_LABELS, ProviderFailure, type ProviderName } from './types.js';

export type Json = Readonly<Record<string, unknown>>;

export const object = (value: unknown): Json | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null);

export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

export const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

export const texts = (value: unknown): string[] => list(value).map(text).filter((v): v is string => v !== null);

export function required<T>(provider: ProviderName, value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw unexpected(provider, `without ${what} (an unexpected shape)`);
  return value;
}

/** The provider answered, but not with what its documentation promises. */
export function unexpected(provider: ProviderName, what: string): ProviderFailure {
  return new ProviderFailure(provider, 'error', `${PROVIDER_LABELS[provider]} answered ${what}`);
}

/** What a resolve asks of every provider, and on whose behalf (http.ts: the cache age it accepts, its share of each queue). */
export interface Ask extends Caller {
  /** Storefront countries (ISO 3166-1 alpha-2, upper case), the first one the main storefront. */
  readonly countries: readonly string[];
}

/** The asked countries a release is not available in, from the list of those it is; undefined when none is missing. */
export function hiddenIn(available: readonly string[] | null, countries: readonly string[]): string[] | undefined {
  if (available === null) return undefined;
  const set = new Set(available.map((c) => c.toUpperCase()));
  const hidden = countries.filter((c) => !set.has(c));
  return hidden.length > 0 ? hidden : undefined;
}

/** YYYY-MM-DD from a provider's date (a full date, or an ISO timestamp), else null. */
export function day(value: unknown): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text(value) ?? '');
  return match && match[1] !== '0000-00-00' ? match[1]! : null;
}

/** Titles and names compared loosely (case, accents, punctuation, "feat." parts) for search matches. */
export function loose(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s*[([](feat|ft|with)\.?[^)\]]*[)\]]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

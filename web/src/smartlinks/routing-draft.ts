// A smartlink's routing rules as form state (RoutingRulesEditor): each rule gets a stable key, its
// countries are typed as text ("FR, BE"), and it converts to the API's `routing` (null for no rule).
import type { Smartlink } from '../api/types';
import { toCountryCode } from '../../../src/links/country';

export type Routing = NonNullable<Smartlink['routing']>;
export type RuleOs = '' | 'ios' | 'android';

export interface RuleDraft {
  readonly key: number;
  /** '' for any system. */
  readonly os: RuleOs;
  /** ISO codes separated by commas or spaces; empty for anywhere. */
  readonly countries: string;
  /** The services to put first, in order. */
  readonly first: readonly string[];
}

let nextKey = 1;

export function newRule(first: string): RuleDraft {
  return { key: nextKey++, os: 'ios', countries: '', first: [first] };
}

export function rulesOf(routing: Smartlink['routing'] | undefined): RuleDraft[] {
  return (routing?.rules ?? []).map((r) => ({ key: nextKey++, os: r.os ?? '', countries: (r.countries ?? []).join(', '), first: [...r.first] }));
}

/** The codes typed in a rule's countries field, upper-cased, each once. */
export function countriesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean))];
}

/** The first code in a rule's countries field that names no country (the API checks again), or null. */
export function badCountry(text: string): string | null {
  return countriesOf(text).find((c) => toCountryCode(c) === null) ?? null;
}

export function routingBodyOf(rules: readonly RuleDraft[]): Routing | null {
  if (rules.length === 0) return null;
  return {
    rules: rules.map((r) => {
      const countries = countriesOf(r.countries);
      return { ...(r.os ? { os: r.os } : {}), ...(countries.length ? { countries } : {}), first: [...new Set(r.first.filter(Boolean))] };
    }),
  };
}

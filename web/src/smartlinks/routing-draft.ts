// A smartlink's routing rules as form state (RoutingRulesEditor): each rule gets a stable key, its
// countries are typed as text ("FR, BE"), and it converts to the API's `routing` (null for no rule).
import type { Smartlink } from '../api/types';

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

/** What is wrong with a rule's countries field (the API checks again), or null. */
export function countriesProblem(text: string): string | null {
  const bad = countriesOf(text).find((c) => !/^[A-Z]{2}$/.test(c));
  return bad === undefined ? null : `"${bad}" is not a two-letter country code (ISO 3166-1, e.g. FR).`;
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

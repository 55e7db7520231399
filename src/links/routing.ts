// Which services a fan sees on a smartlink page, and in which order. A service is hidden from fans
// in the countries where the release is not on it (`hiddenIn`); the smartlink's routing rules then
// move some services to the top for fans on one system and/or in some countries (Apple Music first
// on iOS, Boomplay first in Nigeria…). The first rule that matches wins; the others keep the
// smartlink's own order.
import { notACountry, toCountryCode } from './country.js';
import type { ServiceLink } from './smartlink.js';
import { SERVICE_ID, SERVICES } from './services.js';

export type FanOs = 'ios' | 'android' | 'other';

export interface RoutingRule {
  /** Only for fans on this system (absent: any). */
  readonly os?: 'ios' | 'android';
  /** Only for fans in these countries, ISO 3166-1 alpha-2 (absent: anywhere). */
  readonly countries?: readonly string[];
  /** The services to put first, in this order (those the page does not show are skipped). */
  readonly first: readonly string[];
}

export interface Routing {
  readonly rules: readonly RoutingRule[];
}

export interface Fan {
  /** ISO code from GeoIP; null when unknown (then no country rule matches and nothing is hidden). */
  readonly country: string | null;
  readonly os: FanOs;
}

export const MAX_ROUTING_RULES = 20;
export const MAX_RULE_COUNTRIES = 250;

/** The fan's system as a rule names it, from the OS the user-agent parser found ('iOS', 'Android'…). */
export function fanOs(os: string | null): FanOs {
  if (os === 'iOS') return 'ios';
  if (os === 'Android') return 'android';
  return 'other';
}

/** The services the fan sees, in order: a permutation of those not hidden in the fan's country. */
export function servicesFor(smartlink: { readonly services: readonly ServiceLink[]; readonly routing: Routing | null }, fan: Fan): ServiceLink[] {
  const visible = smartlink.services.filter((s) => !(fan.country !== null && s.hiddenIn?.includes(fan.country)));
  const rule = smartlink.routing?.rules.find((r) => matches(r, fan));
  if (!rule) return visible;
  const first = [...new Set(rule.first)].flatMap((id) => visible.filter((s) => s.service === id));
  return [...first, ...visible.filter((s) => !first.includes(s))];
}

function matches(rule: RoutingRule, fan: Fan): boolean {
  if (rule.os !== undefined && rule.os !== fan.os) return false;
  if (rule.countries !== undefined && !(fan.country !== null && rule.countries.includes(fan.country))) return false;
  return true;
}

/** What makes a list of services differ from another for the page: its ids in order. */
export function servicesSignature(services: readonly ServiceLink[]): string {
  return services.map((s) => s.service).join(' ');
}

/** The rules with their countries upper case ("fr" → "FR"); a code that is no country stays as given, for routingProblem to name. */
export function withCountryCodes(routing: Routing): Routing {
  return { rules: routing.rules.map((rule) => (rule.countries ? { ...rule, countries: rule.countries.map((c) => toCountryCode(c) ?? c) } : rule)) };
}

/**
 * The first problem with a smartlink's routing, or null. A rule's services are catalogue ids or
 * the smartlink's own (custom) ones; a rule naming a service the smartlink does not list (any
 * more) is allowed and skips it.
 */
export function routingProblem(routing: Routing, services: readonly ServiceLink[]): string | null {
  if (routing.rules.length > MAX_ROUTING_RULES) return `routing.rules: at most ${MAX_ROUTING_RULES} rules`;
  const own = new Set(services.map((s) => s.service));
  for (const [i, rule] of routing.rules.entries()) {
    const where = `routing rule ${i + 1}`;
    if (rule.os !== undefined && rule.os !== 'ios' && rule.os !== 'android') return `${where}: os is ios or android`;
    if (rule.countries !== undefined) {
      if (rule.countries.length === 0 || rule.countries.length > MAX_RULE_COUNTRIES) return `${where}: 1 to ${MAX_RULE_COUNTRIES} countries, or none for anywhere`;
      const bad = rule.countries.find((c) => toCountryCode(c) !== c);
      if (bad !== undefined) return `${where}: ${notACountry(bad)}`;
    }
    if (rule.first.length === 0 || rule.first.length > 30) return `${where}: 1 to 30 services to put first`;
    if (new Set(rule.first).size !== rule.first.length) return `${where}: a service is listed twice`;
    const unknown = rule.first.find((id) => !SERVICE_ID.test(id) || !(id in SERVICES || own.has(id)));
    if (unknown !== undefined) return `${where}: "${String(unknown).slice(0, 40)}" is not a known service`;
  }
  return null;
}

// Routing rules of a smartlink: which services the page shows first for fans on iOS or Android
// and/or in some countries (Apple Music first on iPhones, Boomplay first in Nigeria…). The first
// rule that matches a fan wins; the other services keep the order above. At most 20 rules.
import { useTranslation } from 'react-i18next';
import { fieldError } from '../ui/fieldErrors';
import { serviceLabel } from './catalogue';
import type { ServiceDraft } from './draft';
import { badCountry, newRule, type RuleDraft, type RuleOs } from './routing-draft';

interface Props {
  readonly rules: readonly RuleDraft[];
  readonly services: readonly ServiceDraft[];
  readonly readOnly: boolean;
  /** The last refused save: the API's message about the rules, shown with them. */
  readonly error: unknown;
  onChange(rules: RuleDraft[]): void;
}

export const MAX_RULES = 20;

/** Each system a rule may name, with its message. */
const SYSTEMS = [
  ['', 'routing.systems.any'],
  ['ios', 'routing.systems.ios'],
  ['android', 'routing.systems.android'],
] as const satisfies readonly (readonly [RuleOs, string])[];

export function RoutingRulesEditor({ rules, services, readOnly, error, onChange }: Props) {
  const { t } = useTranslation('smartlinks');
  const refused = fieldError(error, 'routing');
  const choices = services.filter((s) => s.service.trim() !== '').map((s) => ({ id: s.service, name: serviceLabel(s.service, s.label || undefined) }));
  const set = (key: number, change: Partial<RuleDraft>) => onChange(rules.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const nameOf = (id: string) => choices.find((c) => c.id === id)?.name ?? id;

  return (
    <fieldset className="services-editor">
      <legend>{t('routing.legend')}</legend>
      <p className="hint">{rules.length === 0 ? t('routing.none') : t('routing.some')}</p>
      {refused ? <p className="field-error">{refused}</p> : null}
      <ol className="rule-list">
        {rules.map((rule, i) => {
          const bad = badCountry(rule.countries);
          const problem = bad === null ? null : t('country.invalid', { code: bad });
          return (
            <li key={rule.key} className="rule-row" aria-label={t('routing.rule', { n: i + 1 })}>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`rule-${rule.key}-os`}>{t('routing.system')}</label>
                  <select id={`rule-${rule.key}-os`} value={rule.os} onChange={(e) => set(rule.key, { os: e.target.value as RuleOs })}>
                    {SYSTEMS.map(([os, name]) => (
                      <option key={os} value={os}>
                        {t(name)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field field-grow">
                  <label htmlFor={`rule-${rule.key}-countries`}>{t('routing.countries')}</label>
                  <input
                    id={`rule-${rule.key}-countries`}
                    value={rule.countries}
                    placeholder={t('routing.countriesPlaceholder')}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `rule-${rule.key}-countries-error` : undefined}
                    onChange={(e) => set(rule.key, { countries: e.target.value })}
                  />
                  {problem ? (
                    <span id={`rule-${rule.key}-countries-error`} className="field-error" role="alert">
                      {problem}
                    </span>
                  ) : null}
                </div>
              </div>
              <div className="field">
                <span className="overrides-title">{t('routing.first')}</span>
                <ul className="rule-first">
                  {rule.first.map((id, j) => (
                    <li key={j}>
                      <label className="offscreen" htmlFor={`rule-${rule.key}-first-${j}`}>{t('routing.firstN', { n: j + 1, rule: i + 1 })}</label>
                      <select id={`rule-${rule.key}-first-${j}`} value={id} onChange={(e) => set(rule.key, { first: rule.first.map((x, k) => (k === j ? e.target.value : x)) })}>
                        {choices.some((c) => c.id === id) ? null : <option value={id}>{id || t('routing.choose')}</option>}
                        {choices.map((c) => (
                          <option key={c.id} value={c.id} disabled={c.id !== id && rule.first.includes(c.id)}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                      {readOnly || rule.first.length === 1 ? null : (
                        <button type="button" className="button-icon" aria-label={t('routing.removeFrom', { name: nameOf(id), rule: i + 1 })} onClick={() => set(rule.key, { first: rule.first.filter((_, k) => k !== j) })}>
                          {t('routing.remove')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
                {readOnly || rule.first.length >= choices.length ? null : (
                  <button
                    type="button"
                    className="button-secondary button-small"
                    onClick={() => set(rule.key, { first: [...rule.first, choices.find((c) => !rule.first.includes(c.id))?.id ?? ''] })}
                  >
                    {t('routing.another')}
                  </button>
                )}
              </div>
              {readOnly ? null : (
                <button type="button" className="button-icon" aria-label={t('routing.removeRuleN', { n: i + 1 })} onClick={() => onChange(rules.filter((r) => r.key !== rule.key))}>
                  {t('routing.removeRule')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly || rules.length >= MAX_RULES || choices.length === 0 ? null : (
        <button type="button" className="button-secondary button-small" onClick={() => onChange([...rules, newRule(choices.find((c) => c.id === 'apple-music')?.id ?? choices[0]!.id)])}>
          {t('routing.add')}
        </button>
      )}
    </fieldset>
  );
}

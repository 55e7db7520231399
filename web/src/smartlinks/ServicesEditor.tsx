// The services of a smartlink, in page order: choose each service and its link, move it up or
// down (buttons, so the keyboard can reorder; the focus stays on the moved row's button), add,
// remove, and give per-country links. A row the catalogues filled says where it came from; a doubtful
// one is marked "Check this" until a person confirms it (or changes its link, or removes it). Changing
// a row's service or link drops what the resolver said of the old one (draft.ts editedRow).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../ui/fieldErrors';
import { CountryOverrides } from './CountryOverrides';
import { SERVICES, serviceLabel } from './catalogue';
import { editedRow, moved, newService, type RowChange, type ServiceDraft } from './draft';
import { ServiceOriginNote } from './ServiceOriginNote';

interface Props {
  readonly services: readonly ServiceDraft[];
  readonly readOnly: boolean;
  /** The last refused save: a row's message under the row it names (services.2.url…). */
  readonly error: unknown;
  onChange(services: ServiceDraft[]): void;
}

const CUSTOM = '__custom';

/** The API's message about row `i` (its link, service, label, country links…), if it names one. */
function rowError(error: unknown, i: number): string | undefined {
  return ['url', 'service', 'label', 'countries', 'hiddenIn', 'appUris'].map((f) => fieldError(error, `services.${i}.${f}`)).find(Boolean);
}

export function ServicesEditor({ services, readOnly, error, onChange }: Props) {
  const { t } = useTranslation('smartlinks');
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    document.getElementById(focus)?.focus();
    setFocus(null);
  }, [focus]);

  const set = (key: number, change: RowChange) => onChange(services.map((s) => (s.key === key ? editedRow(s, change) : s)));
  const move = (index: number, delta: number, direction: 'up' | 'down') => {
    const item = services[index] as ServiceDraft;
    const next = moved(services, index, delta);
    onChange(next);
    // At an end, the other button keeps the focus (this one becomes disabled).
    const at = next.indexOf(item);
    const edge = (direction === 'up' && at === 0) || (direction === 'down' && at === next.length - 1);
    setFocus(`svc-${item.key}-${edge ? (direction === 'up' ? 'down' : 'up') : direction}`);
  };
  const unused = Object.keys(SERVICES).find((id) => !services.some((s) => s.service === id)) ?? 'spotify';

  return (
    <fieldset className="services-editor">
      <legend>{t('services.legend')}</legend>
      <ol className="service-list">
        {services.map((s, i) => {
          const name = serviceLabel(s.service, s.label || undefined) || t('services.fallbackName', { n: i + 1 });
          const problem = rowError(error, i);
          return (
            <li key={s.key} className={`service-row${s.origin?.review ? ' service-row-check' : ''}`} aria-label={`${i + 1}. ${name}`}>
              <div className="service-main">
                <div className="field">
                  <label htmlFor={`svc-${s.key}-service`}>{t('services.service')}</label>
                  <select
                    id={`svc-${s.key}-service`}
                    value={s.custom ? CUSTOM : s.service}
                    onChange={(e) =>
                      set(s.key, e.target.value === CUSTOM ? { custom: true, service: '', label: '' } : { custom: false, service: e.target.value, label: '' })
                    }
                  >
                    {Object.entries(SERVICES).map(([id, info]) => (
                      <option key={id} value={id}>
                        {info.name}
                      </option>
                    ))}
                    <option value={CUSTOM}>{t('services.other')}</option>
                  </select>
                </div>
                {s.custom ? (
                  <>
                    <div className="field">
                      <label htmlFor={`svc-${s.key}-id`}>{t('services.id')}</label>
                      <input id={`svc-${s.key}-id`} value={s.service} placeholder="my-store" pattern="[a-z0-9][a-z0-9-]{0,31}" onChange={(e) => set(s.key, { service: e.target.value.toLowerCase() })} />
                    </div>
                    <div className="field">
                      <label htmlFor={`svc-${s.key}-label`}>{t('services.label')}</label>
                      <input id={`svc-${s.key}-label`} value={s.label} maxLength={60} onChange={(e) => set(s.key, { label: e.target.value })} />
                    </div>
                  </>
                ) : null}
                <div className="field field-grow">
                  <label htmlFor={`svc-${s.key}-url`}>{t('services.link')}</label>
                  <input
                    id={`svc-${s.key}-url`}
                    type="url"
                    inputMode="url"
                    required
                    value={s.url}
                    placeholder="https://…"
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `svc-${s.key}-error` : undefined}
                    onChange={(e) => set(s.key, { url: e.target.value })}
                  />
                  {problem ? (
                    <p className="field-error" id={`svc-${s.key}-error`}>
                      {problem}
                    </p>
                  ) : null}
                </div>
              </div>
              <ServiceOriginNote service={s} name={name} readOnly={readOnly} onConfirm={() => set(s.key, { origin: s.origin ? { ...s.origin, review: false } : null })} />
              {readOnly ? null : (
                <div className="row-actions">
                  <button type="button" id={`svc-${s.key}-up`} className="button-icon" aria-label={t('services.moveUp', { name })} disabled={i === 0} onClick={() => move(i, -1, 'up')}>
                    {t('services.up')}
                  </button>
                  <button type="button" id={`svc-${s.key}-down`} className="button-icon" aria-label={t('services.moveDown', { name })} disabled={i === services.length - 1} onClick={() => move(i, 1, 'down')}>
                    {t('services.down')}
                  </button>
                  <button type="button" className="button-icon button-danger" aria-label={t('services.removeNamed', { name })} disabled={services.length === 1} onClick={() => onChange(services.filter((x) => x.key !== s.key))}>
                    {t('services.remove')}
                  </button>
                </div>
              )}
              <CountryOverrides serviceName={name} overrides={s.overrides} readOnly={readOnly} onChange={(overrides) => set(s.key, { overrides })} />
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <button type="button" className="button-secondary" onClick={() => onChange([...services, newService(unused)])}>
          {t('services.add')}
        </button>
      )}
    </fieldset>
  );
}

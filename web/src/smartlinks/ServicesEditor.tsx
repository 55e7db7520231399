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

/** What ties an input to its error message: aria-invalid and the message's id (nothing when there is no error). */
const invalid = (id: string, message: string | undefined) => (message ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {});

function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
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
          // The API's message about this row, on the field it names (its other parts: under the row).
          const about = (field: string) => fieldError(error, `services.${i}.${field}`);
          const rowProblem = about('countries') ?? about('hiddenIn') ?? about('appUris');
          const ids = { service: `svc-${s.key}-service`, id: `svc-${s.key}-id`, label: `svc-${s.key}-label`, url: `svc-${s.key}-url` };
          return (
            <li key={s.key} className={`service-row${s.origin?.review ? ' service-row-check' : ''}`} aria-label={`${i + 1}. ${name}`}>
              <div className="service-main">
                <div className="field">
                  <label htmlFor={ids.service}>{t('services.service')}</label>
                  <select
                    id={ids.service}
                    value={s.custom ? CUSTOM : s.service}
                    {...invalid(ids.service, s.custom ? undefined : about('service'))}
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
                  <FieldError id={ids.service} message={s.custom ? undefined : about('service')} />
                </div>
                {s.custom ? (
                  <>
                    <div className="field">
                      <label htmlFor={ids.id}>{t('services.id')}</label>
                      <input
                        id={ids.id}
                        value={s.service}
                        placeholder="my-store"
                        pattern="[a-z0-9][a-z0-9-]{0,31}"
                        {...invalid(ids.id, about('service'))}
                        onChange={(e) => set(s.key, { service: e.target.value.toLowerCase() })}
                      />
                      <FieldError id={ids.id} message={about('service')} />
                    </div>
                    <div className="field">
                      <label htmlFor={ids.label}>{t('services.label')}</label>
                      <input id={ids.label} value={s.label} maxLength={60} {...invalid(ids.label, about('label'))} onChange={(e) => set(s.key, { label: e.target.value })} />
                      <FieldError id={ids.label} message={about('label')} />
                    </div>
                  </>
                ) : null}
                <div className="field field-grow">
                  <label htmlFor={ids.url}>{t('services.link')}</label>
                  <input
                    id={ids.url}
                    type="url"
                    inputMode="url"
                    required
                    value={s.url}
                    placeholder="https://…"
                    {...invalid(ids.url, about('url'))}
                    onChange={(e) => set(s.key, { url: e.target.value })}
                  />
                  <FieldError id={ids.url} message={about('url')} />
                </div>
              </div>
              {rowProblem ? <p className="field-error">{rowProblem}</p> : null}
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

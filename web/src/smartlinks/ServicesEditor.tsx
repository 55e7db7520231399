// The services of a smartlink, in page order: choose each service and its link, move it up or
// down (buttons, so the keyboard can reorder; the focus stays on the moved row's button), add,
// remove, and give per-country links. A row the catalogues filled says where it came from; a doubtful
// one is marked "Check this" until a person confirms it (or changes its link, or removes it). Changing
// a row's service or link drops what the resolver said of the old one (draft.ts editedRow).
import { useEffect, useState } from 'react';
import { CountryOverrides } from './CountryOverrides';
import { SERVICES, serviceLabel } from './catalogue';
import { editedRow, moved, newService, type RowChange, type ServiceDraft } from './draft';
import { ServiceOriginNote } from './ServiceOriginNote';

interface Props {
  readonly services: readonly ServiceDraft[];
  readonly readOnly: boolean;
  onChange(services: ServiceDraft[]): void;
}

const CUSTOM = '__custom';

export function ServicesEditor({ services, readOnly, onChange }: Props) {
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
      <legend>Services, in page order</legend>
      <ol className="service-list">
        {services.map((s, i) => {
          const name = serviceLabel(s.service, s.label || undefined) || `service ${i + 1}`;
          return (
            <li key={s.key} className={`service-row${s.origin?.review ? ' service-row-check' : ''}`} aria-label={`${i + 1}. ${name}`}>
              <div className="service-main">
                <div className="field">
                  <label htmlFor={`svc-${s.key}-service`}>Service</label>
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
                    <option value={CUSTOM}>Other…</option>
                  </select>
                </div>
                {s.custom ? (
                  <>
                    <div className="field">
                      <label htmlFor={`svc-${s.key}-id`}>Service id</label>
                      <input id={`svc-${s.key}-id`} value={s.service} placeholder="my-store" pattern="[a-z0-9][a-z0-9-]{0,31}" onChange={(e) => set(s.key, { service: e.target.value.toLowerCase() })} />
                    </div>
                    <div className="field">
                      <label htmlFor={`svc-${s.key}-label`}>Button label</label>
                      <input id={`svc-${s.key}-label`} value={s.label} maxLength={60} onChange={(e) => set(s.key, { label: e.target.value })} />
                    </div>
                  </>
                ) : null}
                <div className="field field-grow">
                  <label htmlFor={`svc-${s.key}-url`}>Link</label>
                  <input id={`svc-${s.key}-url`} type="url" inputMode="url" required value={s.url} placeholder="https://…" onChange={(e) => set(s.key, { url: e.target.value })} />
                </div>
              </div>
              <ServiceOriginNote service={s} name={name} readOnly={readOnly} onConfirm={() => set(s.key, { origin: s.origin ? { ...s.origin, review: false } : null })} />
              {readOnly ? null : (
                <div className="row-actions">
                  <button type="button" id={`svc-${s.key}-up`} className="button-icon" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, -1, 'up')}>
                    ↑ Up
                  </button>
                  <button type="button" id={`svc-${s.key}-down`} className="button-icon" aria-label={`Move ${name} down`} disabled={i === services.length - 1} onClick={() => move(i, 1, 'down')}>
                    ↓ Down
                  </button>
                  <button type="button" className="button-icon button-danger" aria-label={`Remove ${name}`} disabled={services.length === 1} onClick={() => onChange(services.filter((x) => x.key !== s.key))}>
                    Remove
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
          Add a service
        </button>
      )}
    </fieldset>
  );
}

// Per-country destinations of one service (FR → music.amazon.fr): a fan from that country goes there.
import type { OverrideDraft } from './draft';
import { newKey } from './draft';

interface Props {
  readonly serviceName: string;
  readonly overrides: readonly OverrideDraft[];
  readonly readOnly: boolean;
  onChange(overrides: OverrideDraft[]): void;
}

export function CountryOverrides({ serviceName, overrides, readOnly, onChange }: Props) {
  const set = (key: number, change: Partial<OverrideDraft>) => onChange(overrides.map((o) => (o.key === key ? { ...o, ...change } : o)));
  return (
    <div className="overrides">
      <p className="overrides-title">
        Country links for {serviceName}
        {overrides.length === 0 ? <span className="hint"> — none: every country gets the link above.</span> : null}
      </p>
      <ul>
        {overrides.map((o, i) => (
          <li key={o.key} className="override-row">
            <div className="field field-country">
              <label htmlFor={`ov-${o.key}-country`}>Country</label>
              <input
                id={`ov-${o.key}-country`}
                value={o.country}
                maxLength={2}
                placeholder="FR"
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => set(o.key, { country: e.target.value.toUpperCase() })}
              />
            </div>
            <div className="field field-grow">
              <label htmlFor={`ov-${o.key}-url`}>Link for that country</label>
              <input id={`ov-${o.key}-url`} type="url" inputMode="url" value={o.url} placeholder="https://…" onChange={(e) => set(o.key, { url: e.target.value })} />
            </div>
            {readOnly ? null : (
              <button type="button" className="button-icon" aria-label={`Remove country link ${i + 1}${o.country ? ` (${o.country})` : ''} of ${serviceName}`} onClick={() => onChange(overrides.filter((x) => x.key !== o.key))}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <button type="button" className="button-secondary button-small" onClick={() => onChange([...overrides, { key: newKey(), country: '', url: '' }])}>
          Add a country link
        </button>
      )}
    </div>
  );
}

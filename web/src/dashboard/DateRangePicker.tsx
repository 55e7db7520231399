// The period of a report: a preset (today, 7, 30, 90 days, ending today in the reporting time
// zone) or a custom range of dates.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/Field';
import { PRESETS, type FilterChange, type Preset } from './filters';
import { zoneName } from './zone';

interface Props {
  readonly preset: Preset;
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  onChange(change: FilterChange): void;
}

export function DateRangePicker({ preset, from, to, timeZone, onChange }: Props) {
  const { t } = useTranslation('dashboard');
  const [custom, setCustom] = useState(preset === 'custom');
  const [draft, setDraft] = useState({ from, to });
  const [error, setError] = useState<string | null>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.from || !draft.to) return setError(t('period.bothDates'));
    if (draft.from > draft.to) return setError(t('period.order'));
    setError(null);
    onChange({ period: 'custom', from: draft.from, to: draft.to });
  };

  return (
    <div className="date-range">
      <div className="toolbar" role="group" aria-label={t('period.label', { zone: zoneName(timeZone) })}>
        {(Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((p) => (
          <button
            key={p}
            type="button"
            className="button-toggle"
            aria-pressed={!custom && preset === p}
            onClick={() => {
              setCustom(false);
              onChange({ period: p });
            }}
          >
            {t(`period.${p}`)}
          </button>
        ))}
        <button type="button" className="button-toggle" aria-pressed={custom} aria-expanded={custom} onClick={() => setCustom(!custom)}>
          {t('period.custom')}
        </button>
      </div>
      {custom ? (
        <form className="custom-range" onSubmit={apply} noValidate>
          <TextField label={t('period.from')} type="date" value={draft.from} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField label={t('period.to')} type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <button type="submit" className="button-secondary">
            {t('period.apply')}
          </button>
          {error ? (
            <p className="message message-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

// The reconciliation's window and settings: the last N whole hours, or chosen days (today's
// import shows with today as both ends); days or hours as periods; the tolerance. Each field says
// what is wrong with it; the query is made only from valid values.
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../ui/Field';

export interface WindowChoice {
  readonly kind: 'hours' | 'days';
  readonly hours: string;
  readonly from: string;
  readonly to: string;
  readonly granularity: 'day' | 'hour';
  readonly tolerance: string;
}

export type ReconcileQuery = { granularity: 'day' | 'hour'; tolerance: number } & ({ hours: number } | { from: string; to: string });

type Problems = Partial<Record<'hours' | 'from' | 'to' | 'tolerance', string>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in the browser, YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export const DEFAULT_WINDOW: WindowChoice = { kind: 'hours', hours: '48', from: today(), to: today(), granularity: 'day', tolerance: '2' };

/** The query of a choice, or what is wrong with its fields. */
export function reconcileQuery(choice: WindowChoice, t: (key: 'window.hoursInvalid' | 'window.dayInvalid' | 'window.toBeforeFrom' | 'window.toleranceInvalid') => string): { query: ReconcileQuery | null; problems: Problems } {
  const problems: Problems = {};
  const tolerance = Number(choice.tolerance);
  if (choice.tolerance.trim() === '' || !(tolerance >= 0 && tolerance <= 100)) problems.tolerance = t('window.toleranceInvalid');
  const hours = Number(choice.hours);
  if (choice.kind === 'hours' && !(Number.isInteger(hours) && hours >= 1 && hours <= 744)) problems.hours = t('window.hoursInvalid');
  if (choice.kind === 'days') {
    if (!DAY.test(choice.from)) problems.from = t('window.dayInvalid');
    if (!DAY.test(choice.to)) problems.to = t('window.dayInvalid');
    else if (DAY.test(choice.from) && choice.to < choice.from) problems.to = t('window.toBeforeFrom');
  }
  if (Object.keys(problems).length > 0) return { query: null, problems };
  const base = { granularity: choice.granularity, tolerance };
  return { query: choice.kind === 'hours' ? { ...base, hours } : { ...base, from: choice.from, to: choice.to }, problems };
}

export function ReconcileWindow({ choice, problems, onChange }: { readonly choice: WindowChoice; readonly problems: Problems; readonly onChange: (choice: WindowChoice) => void }) {
  const { t } = useTranslation('migration');
  const set = (change: Partial<WindowChoice>) => onChange({ ...choice, ...change });
  return (
    <fieldset className="filters">
      <legend className="offscreen">{t('window.legend')}</legend>
      <SelectField label={t('window.kind')} value={choice.kind} onChange={(e) => set({ kind: e.target.value as WindowChoice['kind'] })}>
        <option value="hours">{t('window.hours')}</option>
        <option value="days">{t('window.days')}</option>
      </SelectField>
      {choice.kind === 'hours' ? (
        <TextField label={t('window.hoursCount')} hint={t('window.hoursHint')} type="number" min={1} max={744} step={1} value={choice.hours} error={problems.hours} onChange={(e) => set({ hours: e.target.value })} />
      ) : (
        <>
          <TextField label={t('window.from')} type="date" value={choice.from} error={problems.from} onChange={(e) => set({ from: e.target.value })} />
          <TextField label={t('window.to')} type="date" value={choice.to} error={problems.to} onChange={(e) => set({ to: e.target.value })} />
        </>
      )}
      <SelectField label={t('window.granularity')} value={choice.granularity} onChange={(e) => set({ granularity: e.target.value as WindowChoice['granularity'] })}>
        <option value="day">{t('window.day')}</option>
        <option value="hour">{t('window.hour')}</option>
      </SelectField>
      <TextField label={t('window.tolerance')} type="number" min={0} max={100} step={0.5} value={choice.tolerance} error={problems.tolerance} onChange={(e) => set({ tolerance: e.target.value })} />
    </fieldset>
  );
}

// The reconciliation's window and settings: the last N whole hours, or chosen days (today's
// import shows with today as both ends); days or hours as periods; the tolerance. Each field says
// what is wrong with it (reconcileQuery.ts).
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../ui/Field';
import type { Problems, WindowChoice } from './reconcileQuery';

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
